"""Python peer for bench/server, written the way OpenRLHF's openrlhf/cli/serve_rm.py serves rewards.

FastAPI `async def` route, `await request.json()`, `JSONResponse`, uvicorn with uvloop and httptools (what
`uvicorn[standard]` installs; here Debian's python3-uvicorn, python3-fastapi, python3-uvloop, python3-httptools,
so run it with /usr/bin/python3). Usage: /usr/bin/python3 py_peer.py PORT. Same wire format as POST /v1/score;
same extraction order (boxed, answer-tag, answer-phrase, whole) and SQuAD-style normalisation as
src/rewards/exact-match.ts (the logic is bench/lib/py_exact.py). Prints the event loop and HTTP parser it runs
with on stderr, then "listening".
"""

import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

# The exact-match logic lives in bench/lib/py_exact.py, shared with bench/score's plain Python loop.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from py_exact import score_sample  # noqa: E402

app = FastAPI()


@app.post("/v1/score")
async def score(request: Request):
    data = await request.json()
    results = [score_sample(s) for s in data.get("samples")]
    return JSONResponse({"spec": data.get("spec"), "results": results})


if __name__ == "__main__":
    import httptools
    import uvloop

    versions = f"uvicorn {uvicorn.__version__}, uvloop {uvloop.__version__}, httptools {httptools.__version__}"
    print(f"peer: loop=uvloop http=httptools ({versions})", file=sys.stderr, flush=True)
    uvicorn.run(
        app, host="127.0.0.1", port=int(sys.argv[1]), loop="uvloop", http="httptools", log_level="warning", access_log=False
    )
