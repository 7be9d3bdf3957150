import type { Language } from './types.js';

// A launcher runs inside the sandbox before the program. It compiles the program, reports
// `compile-error` or `started` on fd 4 and closes it, then runs the program. The program never
// holds fd 4, so it cannot forge the report.
//
// With assert tests, the launcher also reads a per-run nonce from fd 6 (and, for Python, the
// tests) and closes it before the program starts; fd 4 stays open and the launcher writes
// `passed <nonce>` there only once the tests have run to their end. The nonce is in no file,
// argument or variable the program is given, so an early exit (any exit, atexit or exception
// hook) leaves no proof and the run is a wrong answer. See docs/sandbox.md for the limits.

/** File descriptor the launcher reports on (stdio index in the spawn call). */
export const REPORT_FD = 4;
/** File descriptor the host sends the nonce (and Python's tests) on, when the run has tests. */
export const TESTS_FD = 6;

const PYTHON = `
import os, sys
_p = sys.argv[1]
_with_tests = len(sys.argv) > 2
with open(_p, 'rb') as _f:
    _src = _f.read()
def _read_all(fd):
    chunks = []
    while True:
        c = os.read(fd, 65536)
        if not c:
            break
        chunks.append(c)
    os.close(fd)
    return b''.join(chunks)
try:
    _code = compile(_src, _p, 'exec', dont_inherit=True)
    if _with_tests:
        _nonce, _, _tests = _read_all(6).partition(b'\\n')
        _tcode = compile(_tests, '<tests>', 'exec', dont_inherit=True)
        del _tests
except (SyntaxError, ValueError) as _e:
    import traceback
    traceback.print_exception(_e, limit=0)
    os.write(4, b'compile-error\\n')
    sys.exit(1)
os.write(4, b'started\\n')
sys.argv = [_p]
sys.path.insert(0, os.path.dirname(_p))
del _f, _src
_g = {'__name__': '__main__', '__file__': _p, '__builtins__': __builtins__}
if not _with_tests:
    os.close(4)
    exec(_code, _g)
else:
    # Everything the harness calls after the program has run is bound now, before the program can patch it.
    def _harness(code, tcode, nonce, g, run=exec, write=os.write, settrace=sys.settrace,
                 setprofile=sys.setprofile, addaudithook=sys.addaudithook):
        testing = [False]
        def audit(event, args):
            # A trace function could jump over the asserts (frame.f_lineno); none may be set while they run.
            if testing[0] and event in ('sys.settrace', 'sys.setprofile'):
                raise RuntimeError(event + ' is not allowed while the tests run')
        addaudithook(audit)
        run(code, g)
        settrace(None)
        setprofile(None)
        testing[0] = True
        run(tcode, g)
        write(4, b'passed ' + nonce + b'\\n')
    _run = _harness
    del _harness
    _args = (_code, _tcode, _nonce, _g)
    del _code, _tcode, _nonce
    _run(*_args)
`;

const JAVASCRIPT = `
const fs = require('node:fs');
const vm = require('node:vm');
const file = process.argv[1];
const withTests = process.argv.length > 2;
const src = fs.readFileSync(file, 'utf8').replace(/^#!.*/, '');
const compileError = (err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err).split('\\n    at ')[0] + '\\n');
  fs.writeSync(4, 'compile-error\\n');
  process.exit(1);
};
try {
  new vm.Script(require('node:module').wrap(src), { filename: file });
  // A top-level return would end a CommonJS module before the tests appended to it.
  if (withTests) new vm.Script(src, { filename: file });
} catch (cjsError) {
  try {
    new vm.SourceTextModule(src, { identifier: file });
  } catch (esmError) {
    compileError(/\\b(import|export)\\b/.test(src) ? esmError : cjsError);
  }
}
fs.writeSync(4, 'started\\n');
process.argv = [process.argv[0], file];
const url = require('node:url').pathToFileURL(file).href;
if (!withTests) {
  fs.closeSync(4);
  import(url);
} else {
  const nonce = fs.readFileSync(6, 'utf8').split('\\n')[0];
  fs.closeSync(6);
  const writeSync = fs.writeSync;
  // The inspector could read the harness's closures; the program gets none.
  const inspector = require('node:inspector');
  const deny = () => { throw new Error('the inspector is not available in the sandbox'); };
  inspector.Session.prototype.connect = deny;
  inspector.Session.prototype.connectToMainThread = deny;
  inspector.open = deny;
  Object.freeze(inspector.Session.prototype);
  Object.freeze(inspector);
  // The reaction is registered before the module (program, then tests) evaluates: it runs only if evaluation ends normally.
  import(url).then(() => writeSync(4, 'passed ' + nonce + '\\n'));
}
`;

/** File name the program is stored under, per language. */
export const PROGRAM_FILE: Record<Language, string> = { python: 'main.py', javascript: 'main.js' };

/**
 * How a run with assert tests is laid out: the program file and what goes on fd 6 after the nonce line.
 * Python runs the tests as a second code object after the program; JavaScript appends them to the module.
 */
export function assertLayout(language: Language, program: string, tests: string): { file: string; fd6: string } {
  if (language === 'python') return { file: program, fd6: tests };
  return { file: `${program}\n\n;${tests}\n`, fd6: '' };
}

/** Interpreter arguments that run the launcher on `programPath`, with the memory limit where the runtime needs it. */
export function launcherArgs(language: Language, programPath: string, memoryMb: number, withTests = false): string[] {
  const tests = withTests ? ['--tests'] : [];
  if (language === 'python') return ['-I', '-c', PYTHON, programPath, ...tests];
  return [
    `--max-old-space-size=${memoryMb}`,
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    '-e',
    JAVASCRIPT,
    programPath,
    ...tests,
  ];
}
