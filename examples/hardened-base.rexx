/* hardened-base.rexx: a base for untrusted code, hardened as
   docs/security.md recommends, and a sandbox cloned from it that shows the
   limits hold: a process flood stops at limits.processes, a memory hog is
   killed at limits.memory (no swap to escape to), one CPU is all it sees,
   it has no network, and its root is an unprivileged user of its own on
   the host. Deletes what it made, also when something fails.
   Usage: rexxlxd examples/hardened-base.rexx [image [pool [prefix]]]
   Defaults: the test image and pool of scripts/lxd-setup.sh, and a prefix
   unique to this run. */
parse arg img pool prefix .
if img = '' then img = 'rexxlxd-busybox'
if pool = '' then pool = 'rexxlxd'
if prefix = '' then prefix = 'hardened'random(10000, 99999)
base = prefix'-base'
box = prefix'-box'
maxprocs = 64

address LXD
signal on failure
bad = 0

/* The base: every limit is set on the instance itself, so every clone
   copies it. register_base takes any LXD config key as config.KEY=.
   (A root disk quota is a device setting, which no command sets today:
   see docs/security.md for the lxc line that adds it to a base.) */
"register_base name="base "image="img "storage="pool "memory=64MiB cpus=1",
  "config.limits.memory.swap=false config.limits.memory.enforce=hard",
  "config.limits.processes="maxprocs,
  "config.security.privileged=false config.security.nesting=false",
  "config.security.idmap.isolated=true"
if rc <> 0 then call fail 'register_base'

/* exact=true: the name is one instance, never a pattern. */
"clone_from_base base="base "name="box "exact=true start=true wait=ready"
if rc <> 0 then call fail 'clone_from_base'
"info name="box "exact=true"
say 'sandbox' box 'is' RESULT.status

/* A process flood (what a fork bomb amounts to): start 1000 sleepers.
   While they fill the limit no process can be started, so the count and
   the clean-up after it use only the shell's builtins (a glob, read,
   kill). */
"execute name="box "exact=true timeout=60 command='",
  "( i=0; while [ $i -lt 1000 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); done; echo started all );",
  "set -- /proc/[0-9]*; echo processes $#;",
  "for p in /proc/[0-9]*; do read c < $p/comm && [ ""$c"" = sleep ] && kill ${p#/proc/}; done 2>/dev/null; true'"
if rc <> 0 then call fail 'the process flood'
parse var RESULT.stdout . 'processes' procs .
if pos('started all', RESULT.stdout) = 0 & procs <= maxprocs then
  say 'process flood stopped at' procs 'processes (limits.processes='maxprocs'):' strip(RESULT.stderr)
else do
  say 'process flood NOT stopped:' procs 'processes'
  bad = 1
end

/* A memory hog: one 100 MiB buffer in a 64 MiB sandbox. The shell
   around it reports how it ended. */
"execute name="box "exact=true command='dd if=/dev/zero of=/dev/null bs=100M count=1 2>/dev/null; echo $?'"
if rc <> 0 then call fail 'the memory hog'
if strip(RESULT.stdout) = 137 then say 'memory hog killed: exit 137 (SIGKILL from the OOM killer)'
else do
  say 'memory hog NOT killed: exit' strip(RESULT.stdout)
  bad = 1
end

"execute name="box "exact=true command='nproc; ls /sys/class/net; cat /proc/self/uid_map'"
if rc <> 0 then call fail 'reading the sandbox'
parse var RESULT.stdout cpus '0a'x nics '0a'x . hostuid .
say 'cpus seen:' cpus
say 'network interfaces:' nics
if hostuid > 0 then say 'root in the sandbox is host uid' hostuid
else do
  say 'root in the sandbox is host root'
  bad = 1
end

cleanup:
signal off failure
"delete name="box "exact=true"
if rc <> 0 then do                    /* e.g. LXD still busy stopping it */
  "wait name="box "exact=true for=stopped timeout=30"
  "delete name="box "exact=true"
end
"delete name="base "exact=true"
"list"                                /* check that nothing of this run is left */
do i = 1 to RESULT.0
  if left(RESULT.i.NAME, length(prefix) + 1) = prefix'-' then do
    say 'left behind:' RESULT.i.NAME
    bad = 1
  end
end
if bad = 0 then say 'deleted' base 'and' box
exit bad

fail:
say 'failed:' arg(1) '(RC' rc'):' RESULT.error
bad = 1
signal cleanup

failure:
say 'failed (RC' rc'):' RESULT.error
bad = 1
signal cleanup
