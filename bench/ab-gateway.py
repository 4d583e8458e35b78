#!/usr/bin/env python3
"""The gateway path of two medmaas checkouts side by side: both stacks up at once, alternating wrk
turns at concurrency 8 and 32, CPU per request of every process. For before/after figures of a
change, measured in one run on the same machine.

  git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -o -q -DskipTests package)
  (cd /tmp/before && MAAS_GATEWAY_PORT=9080 MAAS_REGISTRY_PORT=9081 MAAS_INFERENCE_PORT=9082 \
     MAAS_TENANT_ADMIN_PORT=9083 MAAS_UI_PORT=9084 MAAS_KEYCLOAK_PORT=9180 \
     MAAS_KEYCLOAK_MANAGEMENT_PORT=9190 MAAS_POSTGRES_PORT=25432 ./maas up -d)
  ./maas up -d
  bench/ab-gateway.py /tmp/before 9080 9180 [seconds per turn]

It gives each stack's demo machine client hour-long tokens (those stacks' Keycloaks only).
"""
import json, os, re, subprocess, sys, tempfile, time, urllib.request, urllib.parse

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STACKS = {
    "before": {"home": os.path.abspath(sys.argv[1]), "gw": int(sys.argv[2]), "kc": int(sys.argv[3])},
    "after (this checkout)": {"home": HERE, "gw": 8080, "kc": 8180},
}
WORK = tempfile.mkdtemp(prefix="ab-gateway-")
EXAMPLE = json.load(open(os.path.join(HERE, "models/breast-cancer-diagnosis/1/example-request.json")))
open(os.path.join(WORK, "body.json"), "w").write(json.dumps({"instances": EXAMPLE["instances"][:1]}))
open(os.path.join(WORK, "post.lua"), "w").write('''
local function read(name) local f = assert(io.open(name, "rb")); local s = f:read("*a"); f:close(); return s end
wrk.method = "POST"
wrk.body = read(os.getenv("BODY_FILE"))
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. read(os.getenv("TOKEN_FILE"))
''')
TICK_MS = 10.0

def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()

def long_lived_token(kc):
    base = f"http://127.0.0.1:{kc}"
    admin = json.loads(http(base + "/realms/master/protocol/openid-connect/token",
        urllib.parse.urlencode({"grant_type": "password", "client_id": "admin-cli",
                                "username": "admin", "password": "admin"}).encode()))["access_token"]
    auth = {"Authorization": "Bearer " + admin}
    clients = json.loads(http(base + "/admin/realms/aurora-general/clients?clientId=aurora-general-system", headers=auth))
    c = clients[0]; c.setdefault("attributes", {})["access.token.lifespan"] = "3600"
    http(base + "/admin/realms/aurora-general/clients/" + c["id"], json.dumps(c).encode(),
         {**auth, "Content-Type": "application/json"}, "PUT")
    return json.loads(http(base + "/realms/aurora-general/protocol/openid-connect/token",
        urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "aurora-general-system",
                                "client_secret": "demo-aurora-general-system-secret"}).encode()))["access_token"]

def pid_of(home, module):
    out = subprocess.run(["pgrep", "-f", f"{home}/{module}/target/quarkus-app/quarkus-run.jar"], capture_output=True, text=True).stdout.split()
    return int(out[0])

def ticks(pid, children=False):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if children else 0)
    except Exception:
        return 0

def pg_ticks(home):
    pm = int(open(f"{home}/.maas/postgres/postmaster.pid").readline())
    total = ticks(pm, True)
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]) == pm:
                    total += ticks(int(p))
            except Exception:
                pass
    return total

def wrk(url, token, c, secs):
    open(os.path.join(WORK, "token"), "w").write(token)
    env = dict(os.environ, BODY_FILE=os.path.join(WORK, "body.json"), TOKEN_FILE=os.path.join(WORK, "token"))
    cmd = ["sh", "-c", "wrk \"$@\"; echo; echo wrk-cpu $(cut -d')' -f2 /proc/$$/stat | awk '{print $14+$15}')",
           "wrk", "-t1", f"-c{c}", f"-d{secs}s", "--latency", "-s", os.path.join(WORK, "post.lua"), url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout
    n = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    def ms(p):
        m = re.search(rf"^\s+{p}%\s+([0-9.]+)(us|ms|s)", out, re.M)
        v = float(m.group(1)); return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return n, rps, ms(50), ms(99), int(non2xx.group(1)) if non2xx else 0, int(re.search(r"wrk-cpu (\d+)", out).group(1))

def turn(name, s, c, secs):
    home = s["home"]
    pids = {m: pid_of(home, m) for m in ("gateway", "inference", "registry")}
    before = {m: ticks(p) for m, p in pids.items()}; pg0 = pg_ticks(home)
    n, rps, p50, p99, bad, wrk_ticks = wrk(f"http://127.0.0.1:{s['gw']}/api/v1/models/breast-cancer-diagnosis/predict", s["token"], c, secs)
    cpu = {m: (ticks(p) - before[m]) * TICK_MS / n for m, p in pids.items()}
    cpu["postgres"] = (pg_ticks(home) - pg0) * TICK_MS / n
    cpu["wrk"] = wrk_ticks * TICK_MS / n
    return dict(stack=name, c=c, rps=rps, p50=p50, p99=p99, failed=bad, **cpu, total=sum(cpu.values()))

def main():
    secs = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    for s in STACKS.values():
        s["token"] = long_lived_token(s["kc"])
    time.sleep(15)
    print("warming both for 90 s each", flush=True)
    for name, s in STACKS.items():
        wrk(f"http://127.0.0.1:{s['gw']}/api/v1/models/breast-cancer-diagnosis/predict", s["token"], 8, 90)
    rows = []
    for rnd in range(3):
        for c in (8, 32):
            for name, s in STACKS.items():
                r = turn(name, s, c, secs); rows.append(r)
                print(json.dumps(r), flush=True)
    json.dump(rows, open(os.path.join(WORK, "results.json"), "w"))
    print("results in " + os.path.join(WORK, "results.json"))

main()
