# `relief-ctl status` against `mpc status`, whole process, side by side: reliefd and mpd run at
# once and the two commands alternate (with /bin/true as the spawn floor); prints wall and CPU
# medians. make bench measures the same in relief-bench (section "control"); this is the quick check.
#   python3 scripts/ctl-vs-mpc.py .build/release/relief-ctl .build/release/reliefd 400
import os, subprocess, sys, tempfile, time, statistics
ctl, reliefd = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
home = tempfile.mkdtemp(prefix="wt11a-cmp-")
env = {"HOME": home, "XDG_RUNTIME_DIR": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
       "PATH": os.environ["PATH"], "LANG": "C.UTF-8", "SWIFT_BACKTRACE": "enable=no"}
sock = home + "/control.sock"
d = subprocess.Popen([reliefd, "--socket", sock, "--state-dir", home + "/state", "--voice", "off", "--log-level", "warning"],
                     env=env, stdout=subprocess.DEVNULL, stderr=open(home + "/reliefd.log", "w"))
for d_ in ["music", "playlists"]: os.mkdir(f"{home}/{d_}")
msock = home + "/mpd.sock"
open(home + "/mpd.conf", "w").write(f'''music_directory "{home}/music"
playlist_directory "{home}/playlists"
db_file "{home}/database"
state_file "{home}/state_mpd"
bind_to_address "{msock}"
audio_output {{
    type "null"
    name "null"
}}
''')
m = subprocess.Popen(["mpd", "--no-daemon", home + "/mpd.conf"], env=env, stdout=subprocess.DEVNULL, stderr=open(home + "/mpd.log", "w"))
try:
    deadline = time.time() + 15
    while time.time() < deadline and not (os.path.exists(sock) and os.path.exists(msock)): time.sleep(0.05)
    time.sleep(0.5)
    cmds = {"relief-ctl status": [ctl, "--socket", sock, "status"], "mpc status": ["mpc", "--host", msock, "status"],
            "/bin/true": ["/bin/true"]}
    times = {k: [] for k in cmds}; cpu = {k: [] for k in cmds}
    for _ in range(5):
        for k, c in cmds.items(): subprocess.run(c, env=env, stdout=subprocess.DEVNULL, check=True)
    for _ in range(n):
        for k, c in cmds.items():
            t = time.perf_counter()
            pid = os.posix_spawn(c[0] if c[0].startswith("/") or "/" in c[0] else "/usr/bin/" + c[0], c, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0)])
            _, st, ru = os.wait4(pid, 0)
            e = time.perf_counter() - t
            assert os.waitstatus_to_exitcode(st) == 0, (k, st)
            times[k].append(e); cpu[k].append(ru.ru_utime + ru.ru_stime)
    for k, v in times.items():
        print(f"{k:20s} cpu median {statistics.median(cpu[k])*1000:.2f} ms | wall median {statistics.median(v)*1000:.2f} ms  p10 {sorted(v)[len(v)//10]*1000:.2f}  p90 {sorted(v)[len(v)*9//10]*1000:.2f}  (n={len(v)})")
    print(f"ratio relief-ctl/mpc: wall medians {statistics.median(times['relief-ctl status'])/statistics.median(times['mpc status']):.2f}, wall p10 {sorted(times['relief-ctl status'])[n//10]/sorted(times['mpc status'])[n//10]:.2f}, cpu medians {statistics.median(cpu['relief-ctl status'])/statistics.median(cpu['mpc status']):.2f}")
finally:
    d.terminate(); m.terminate(); d.wait(5); m.wait(5)
