/* cow.rexx: copy-on-write clones with ADDRESS LXD.
   Registers a base, clones it several times, starts each clone, runs a
   command in it, prints timings and RESULT fields, and cleans up, also
   when a command fails.
   Usage: rexxlxd examples/cow.rexx [image [pool [clones]]]
   Defaults: the test image and pool of scripts/lxd-setup.sh, 3 clones.
   Variable names here avoid RESULT's field names (BASE, IMAGE, COUNT,
   ...): a tail such as RESULT.base would use the variable's value. */
parse arg img pool n .
if img = '' then img = 'rexxlxd-busybox'
if pool = '' then pool = 'rexxlxd'
if n = '' then n = 3

address LXD
signal on error
signal on failure

run = random(10000, 99999)            /* names unique to this run */
baseName = 'cow-base-'run
registered = 0                        /* what exists, for cleanup */
made = 0

"status"
say 'LXD' RESULT.version 'on' RESULT.socket '(storage:' RESULT.drivers')'

"register_base name="baseName "image="img "storage="pool "memory=256MB cpus=1"
registered = 1
say 'base' RESULT.base 'from' RESULT.image':' RESULT.status', memory' RESULT.memory,
    'cpus' RESULT.cpus '('RESULT.elapsedms 'ms)'

total = 0
do i = 1 to n
  clone.i = 'cow-'run'-'i
  "clone_from_base base="baseName "name="clone.i
  made = i
  say '  clone' RESULT.container 'of' RESULT.base':' RESULT.status '('RESULT.elapsedms 'ms)'
  total = total + RESULT.elapsedms
end
say n 'clones in' total 'ms, on average' total % n 'ms each'

do i = 1 to n
  "start name="clone.i
  started = RESULT.elapsedms
  "execute name="clone.i "command='echo hello from $(hostname); id -un'"
  parse var RESULT.stdout greeting '0a'x user
  say '  'greeting 'as' user '(start' started 'ms, execute' RESULT.elapsedms 'ms,',
      'exit' RESULT.exitcode')'
end

"list_bases"
say RESULT.count 'registered base(s) on this daemon'

call cleanup
"list"                                /* check that nothing of this run is left */
left = 0
do i = 1 to RESULT.0
  if RESULT.i.NAME = baseName | left(RESULT.i.NAME, length(run) + 5) = 'cow-'run'-' then do
    say 'left behind:' RESULT.i.NAME
    left = left + 1
  end
end
if left > 0 then exit 1
say 'cleaned up'
exit 0

/* cleanup deletes the clones and the base; delete stops running ones. */
cleanup:
  signal off error
  signal off failure
  do i = 1 to made
    "delete name="clone.i
  end
  if registered then "delete name="baseName
  return

error:
failure:
  say 'command failed on line' sigl '(RC' rc'):' RESULT.output
  call cleanup
  exit 1
