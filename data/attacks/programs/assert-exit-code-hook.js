// Wrong solution that rewrites the exit code to 0 on the way out.
function double(x) {
  return x + 1;
}
process.on('exit', () => {
  process.exitCode = 0;
});
