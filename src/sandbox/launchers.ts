import type { Language } from './types.js';

// A launcher runs inside the sandbox before the program. It compiles the program, reports
// `compile-error` or `started` on fd 4 and closes it, then runs the program. The program never
// holds fd 4, so it cannot forge the report.

/** File descriptor the launcher reports on (stdio index in the spawn call). */
export const REPORT_FD = 4;

const PYTHON = `
import os, sys
_p = sys.argv[1]
with open(_p, 'rb') as _f:
    _src = _f.read()
try:
    _code = compile(_src, _p, 'exec', dont_inherit=True)
except (SyntaxError, ValueError) as _e:
    import traceback
    traceback.print_exception(_e, limit=0)
    os.write(4, b'compile-error\\n')
    sys.exit(1)
os.write(4, b'started\\n')
os.close(4)
sys.argv = [_p]
sys.path.insert(0, os.path.dirname(_p))
del _f, _src
exec(_code, {'__name__': '__main__', '__file__': _p, '__builtins__': __builtins__})
`;

const JAVASCRIPT = `
const fs = require('node:fs');
const vm = require('node:vm');
const file = process.argv[1];
const src = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
try {
  new vm.Script(require('node:module').wrap(src), { filename: file });
} catch (cjsError) {
  try {
    new vm.SourceTextModule(src, { identifier: file });
  } catch (esmError) {
    const err = /\\b(import|export)\\b/.test(src) ? esmError : cjsError;
    process.stderr.write(String(err && err.stack ? err.stack : err).split('\\n    at ')[0] + '\\n');
    fs.writeSync(4, 'compile-error\\n');
    process.exit(1);
  }
}
fs.writeSync(4, 'started\\n');
fs.closeSync(4);
process.argv = [process.argv[0], file];
import(require('node:url').pathToFileURL(file).href);
`;

/** File name the program is stored under, per language. */
export const PROGRAM_FILE: Record<Language, string> = { python: 'main.py', javascript: 'main.js' };

/** Interpreter arguments that run the launcher on `programPath`, with the memory limit where the runtime needs it. */
export function launcherArgs(language: Language, programPath: string, memoryMb: number): string[] {
  if (language === 'python') return ['-I', '-c', PYTHON, programPath];
  return [
    `--max-old-space-size=${memoryMb}`,
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    '-e',
    JAVASCRIPT,
    programPath,
  ];
}
