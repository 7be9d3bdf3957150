const hog = [];
for (;;) hog.push(new Array(1 << 16).fill(Math.random()));
