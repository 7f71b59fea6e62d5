/* fleet.rexx: a fleet of sandboxes with ADDRESS LXD.
   Registers a base, makes N clones ready in one command (cloned, started
   and answering, pipelined), runs a command in all of them at once,
   reports each one's outcome, and deletes the fleet and the base, also
   when a command fails.
   Usage: rexxlxd examples/fleet.rexx [n [image [pool]]]
   Defaults: 5 sandboxes, the test image and pool of scripts/lxd-setup.sh. */
parse arg n img pool .
if n = '' then n = 5
if img = '' then img = 'rexxlxd-busybox'
if pool = '' then pool = 'rexxlxd'

address LXD
signal on error
signal on failure

fleet = 'fleet'random(10000, 99999)   /* names unique to this run */
status = 0
"register_base name="fleet"-base image="img "storage="pool "memory=256MB"

"clone_from_base base="fleet"-base name="fleet "count="n "start=true wait=ready"
say RESULT.succeeded 'of' RESULT.0 'sandboxes ready in' RESULT.elapsedms 'ms'

/* Over a fleet RC is 1 (and SIGNAL ON ERROR fires) only when a command
   could not run or did not finish (instance stopped, timeout=, LXD); a
   guest that exits non-zero has answered: its row's EXITCODE and RETCODE
   hold the status and RESULT.NONZERO counts such rows. */
"execute name="fleet"-* command='echo hello from $(hostname) as $(id -un)'"
do i = 1 to RESULT.0
  say '  'RESULT.i.STDOUT '(exit' RESULT.i.RETCODE',' RESULT.i.ELAPSEDMS 'ms)'
end
if RESULT.NONZERO > 0 then status = 1

cleanup:
signal off error
signal off failure
"delete name="fleet"-*"
"delete name="fleet"-base"
"list"                                /* check that nothing of this run is left */
do i = 1 to RESULT.0
  if left(RESULT.i.NAME, length(fleet) + 1) = fleet'-' then do
    say 'left behind:' RESULT.i.NAME
    status = 1
  end
end
if status = 0 then say 'deleted' fleet'-*'
exit status

error:
failure:
say 'failed (RC' rc'):' RESULT.error
status = 1
signal cleanup
