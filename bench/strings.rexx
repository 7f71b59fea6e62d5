/* String built-ins on a line of command output, 20 x 10,000 times. */
line = 'web-1  RUNNING  10.0.3.15 (eth0)  CONTAINER  0'
do k = 1 to 20
  do i = 1 to 10000
    parse var line name state ip . type .
    n = words(line) + length(name) + pos('RUNNING', line)
    s = substr(line, 8, 7) || translate(left(name, 3)) || strip(right(line, 5))
  end
end
