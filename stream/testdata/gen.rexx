/* gen.rexx: run the stream cases of cases.txt in Regina and print what
   each call returns, for stream's TestReginaCases.
   Usage: rexx gen.rexx /abs/cases.txt /abs/empty-dir > cases.want
   Each case line is OP ARGS, ARGS split at "|", "~" an omitted argument,
   \n \r \t \\ \| escapes, $D the directory. */
parse arg cases dir
do while lines(cases) > 0
  line = linein(cases)
  if line = '' | left(line, 1) = '#' then iterate
  call runcase line
end
exit 0

runcase: procedure expose dir
  parse arg line
  parse var line op ' ' rest
  n = 0
  do while rest \== ''
    parse var rest field '|' rest
    n = n + 1
    if field == '~' then a.n.present = 0
    else do
      a.n.present = 1
      a.n = decode(field)
    end
  end
  if rest == '' & right(line, 1) == '|' then do
    n = n + 1; a.n.present = 1; a.n = ''
  end
  out = op strip(substr(line, length(op) + 1))
  select
    when op = 'FILE' then do
      address system 'rm -f "'a.1'"'
      call charout a.1, a.2
      call charout a.1
      say out
      return
    end
    when op = 'STATE' then do
      say out '=> ['stream(a.1, 'S')'] ['undir(stream(a.1, 'D'))']'
      return
    end
    otherwise nop
  end
  cmd = 'r =' op'('
  do i = 1 to n
    if i > 1 then cmd = cmd','
    if a.i.present then cmd = cmd 'a.'i
  end
  cmd = cmd')'
  nr = ''
  call on notready name gotnr
  signal on syntax name syn
  interpret cmd
  call off notready
  if nr \== '' then nr = ' NOTREADY('undir(nr)')'
  say out '=> ['undir(encode(r))']'nr
  return
syn:
  say out '=> ERROR' condition('D')
  return
gotnr:
  nr = condition('D')
  return

decode: procedure expose dir
  parse arg s
  r = ''
  do while s \== ''
    parse var s c 2 s
    if c == '$' & left(s, 1) == 'D' then do
      r = r || dir; s = substr(s, 2); iterate
    end
    if c \== '\' then do; r = r || c; iterate; end
    parse var s c 2 s
    select
      when c == 'n' then r = r || '0a'x
      when c == 'r' then r = r || '0d'x
      when c == 't' then r = r || '09'x
      otherwise r = r || c
    end
  end
  return r

encode: procedure
  parse arg s
  s = changestr('\', s, '\\')
  s = changestr('0a'x, s, '\n')
  s = changestr('0d'x, s, '\r')
  return changestr('09'x, s, '\t')

undir: procedure expose dir
  parse arg s
  return changestr(dir, s, '$D')
