const line = 'spam'.repeat(1000) + '\n';
for (;;) process.stdout.write(line);
