const hog = [];
for (;;) hog.push(Buffer.alloc(1 << 24, 1));
