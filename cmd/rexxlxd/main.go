// Command rexxlxd runs REXX programs, with ADDRESS LXD for LXD system
// containers.
//
//	rexxlxd script.rexx [args]   run a script
//	rexxlxd -e 'say 1+1'         run a string
//	rexxlxd -                    run the program on standard input
//	rexxlxd --check script.rexx  parse only
//	rexxlxd                      interactive session on a terminal;
//	                             otherwise the program on standard input
package main

import "os"

func main() { os.Exit(Main(os.Args[1:])) }
