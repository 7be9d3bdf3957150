// Wrong solution that exits 0 before the appended asserts run.
function double(x) {
  return x + 1;
}
process.exit(0);
