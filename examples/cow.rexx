/* cow.rexx: copy-on-write clones with ADDRESS LXD.
   Registers a base, clones it several times, starts each clone, runs a
   command in it, prints timings and RESULT fields, and cleans up, also
   when a command fails.
   Usage: rexxlxd examples/cow.rexx [image [pool [clones]]]
   Defaults: the test image and pool of scripts/lxd-setup.sh, 3 clones. */
parse arg image pool count .
if image = '' then image = 'rexxlxd-busybox'
if pool = '' then pool = 'rexxlxd'
if count = '' then count = 3

address LXD
signal on error
signal on failure

run = random(10000, 99999)            /* names unique to this run */
base = 'cow-base-'run
made = 0                              /* clones made so far, for cleanup */

"status"
say 'LXD' RESULT.version 'on' RESULT.socket '(storage:' RESULT.drivers')'

"register_base name="base "image="image "storage="pool "memory=256MB cpus=1"
say 'base' RESULT.base 'from' RESULT.image':' RESULT.status', memory' RESULT.memory,
    'cpus' RESULT.cpus '('RESULT.elapsedms 'ms)'

total = 0
do i = 1 to count
  clone.i = 'cow-'run'-'i
  "clone_from_base base="base "name="clone.i
  made = i
  say '  clone' RESULT.container 'of' RESULT.base':' RESULT.status '('RESULT.elapsedms 'ms)'
  total = total + RESULT.elapsedms
end
say count 'clones in' total 'ms, on average' format(total / count, , 0) 'ms each'

do i = 1 to count
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
say 'cleaned up'
exit 0

/* cleanup deletes the clones and the base; delete stops running ones. */
cleanup:
  signal off error
  signal off failure
  do i = 1 to made
    "delete name="clone.i
  end
  "delete name="base
  return

error:
failure:
  say 'command failed on line' sigl '(RC' rc'):' RESULT.output
  call cleanup
  exit 1
