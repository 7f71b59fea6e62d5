/* job.rexx: the whole job of issue 17 as a new user writes it today, for
   bench/job.sh. Make COUNT sandboxes from a prepared base, push a project
   tree into each, run its tests in all at once with a 30 s timeout, pull
   each sandbox's results file into a host directory of its own, print a
   summary, delete everything.

     rexxlxd job.rexx BASE PREFIX COUNT PROJECTDIR OUTDIR IMAGE POOL       */
parse arg base prefix count project out image pool
address lxd

"register_base name="base" image="image" storage="pool" prepare='mkdir -p /root/results'"
if rc <> 0 then call fail 'register_base'
"clone_from_base base="base" name="prefix" count="count" start=true wait=ready"
if rc <> 0 then call fail 'clone_from_base'
"push name="prefix"-* source="project" target=/root/project recursive=true"
if rc <> 0 then call fail 'push'
"execute name="prefix"-* timeout=30",
  "command='cd /root/project && sh run-tests.sh > /root/results/results.txt'"
passed = 0
do i = 1 to result.0
  if result.i.exitcode = 0 then passed = passed + 1
  else say result.i.name 'failed:' result.i.error
end

pulled = 0
do i = 1 to count
  name = prefix'-'i
  address system 'mkdir -p' out'/'name
  "pull name="name" source=/root/results/results.txt target="out"/"name"/"
  if rc = 0 then pulled = pulled + 1
  else say name 'pull failed:' result.error
end
say 'rexxlxd job:' passed 'of' count 'passed,' pulled 'results pulled'

"delete name="prefix"-*"
"delete name="base
exit (passed <> count | pulled <> count)

fail:
  say arg(1) 'failed:' result.error
  exit 1
