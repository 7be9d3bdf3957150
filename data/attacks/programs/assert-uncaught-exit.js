// Wrong solution whose uncaught-exception handler turns the failing assert into exit code 0.
function double(x) {
  return x + 1;
}
process.on('uncaughtException', () => process.exit(0));
