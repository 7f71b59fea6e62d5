// Package stream implements REXX stream I/O for the built-in functions
// LINEIN, LINEOUT, LINES, CHARIN, CHAROUT, CHARS and STREAM, following
// Regina 3.6. It knows nothing of the interpreter: a Table holds the open
// streams of one program, its methods take and return Go strings and ints,
// argument errors are *rexxerr.Error values with Regina's 40.x and 93.x
// texts, and a Result tells the caller when to raise NOTREADY.
//
// A stream is named by a string. STDIN, STDOUT and STDERR (in any case, or
// Regina's <stdin>, <stdout> and <stderr>) are the program's standard
// streams; the empty name is the default input or output stream; any other
// name is a file path, opened on first use. A file stream keeps a read
// position and a write position apart, as REXX requires: reading starts at
// the first byte, writing starts at the end of the file (appending).
//
// An interpreter makes one Table per program run, with standard input
// wrapped to flush SAY output before it blocks, and standard output being
// SAY's own buffered writer so that SAY and LINEOUT output keep their
// order. Each of the seven built-ins (the keys of Funcs) calls Table.Call
// with the call's arguments; a non-nil error is the REXX error to raise;
// otherwise the string is the result, and when Result.NotReady is set the
// interpreter raises NOTREADY with Result.Description as CONDITION('D')
// (ignored unless trapped; a SIGNAL ON trap jumps, a CALL ON trap runs
// at the end of the clause). PULL and PARSE PULL read an empty queue's
// line with ReadStdinLine.
//
// Every LINEOUT and CHAROUT to a file is written to it before the call
// returns, as in Regina: a write that fails (a full disk, /dev/full, a
// file size limit) makes that call return what was not written and raise
// NOTREADY, and a host command run next sees all that was written. No
// write waits in a buffer where its failure could go unseen; the cost is
// one system call per call (BenchmarkLineOut). Table.Close, which the
// interpreter calls at the end of the program, returns the errors of
// closing the files, which the interpreter reports. Standard output and
// error are not buffered here.
//
// Regina quirks kept on purpose, because scripts depend on them:
//   - Once a stream is in the ERROR state every read and write on it fails
//     with NOTREADY until the stream is closed.
//   - After LINEOUT(name,,line) or SEEK ... WRITE LINE, the next LINEOUT
//     that writes a line first cuts the file at the write position, so
//     LINEOUT(name,s,line) replaces the rest of the file from that line.
//     CHAROUT with a position overwrites in place.
//   - Opening a stream READ does not forbid writing, nor WRITE reading:
//     the file is reopened for both when the other direction is used.
//   - STREAM(name,'C','CLOSE') returns "UNKNOWN", the state after closing;
//     LINEOUT(name) and CHAROUT(name) do not close a stream in the ERROR
//     state (only CLOSE does).
//   - STREAM(name,'D') keeps the last error text after the stream is READY
//     again, and is "" before any error.
//   - A carriage return before a line feed is not part of the line.
//
// Regina 3.6 behaviours deliberately not copied, because they lose data or
// hide errors:
//   - Regina treats only lower-case stdin, stdout and stderr as the
//     standard streams; LINEOUT('STDOUT', x) creates a file called STDOUT.
//     Here the names are case-insensitive, as in ooRexx and ANSI REXX.
//   - Regina reads a directory as an empty stream that is never at end of
//     file (LINES says 1 for ever). Here it is NOTREADY with "Is a
//     directory".
//   - Regina's LINEIN positioned past the last line, on an empty file
//     just opened, or at the end of standard input the first time,
//     returns "" without NOTREADY (and standard input stays READY). Here
//     every read that finds no line raises NOTREADY ("EOF on line
//     input") and leaves the stream NOTREADY.
//   - Regina shares one file offset between reading and writing when a
//     file first opened by a write is then read (after LINEOUT, LINEIN,
//     LINEOUT the second LINEOUT overwrites the line the next LINEIN
//     should return), and raises NOTREADY on a successful first read of a
//     file opened for writing. Here the two positions are independent, as
//     REXX defines them and as Regina itself keeps them after OPEN BOTH.
//   - Regina's LINES(name,'C') says 1 after the last line was read when
//     that line had no line feed. Here it is 0.
//   - Regina's LINEOUT and CHAROUT return 0 even when the write failed.
//     Here they return what was not written (1, or the string length), as
//     the language definition and Regina's own manual say.
//   - Regina's LINES and CHARS on standard input say 1 and 0 until a read
//     has hit end of file, so the usual DO WHILE LINES() loop over piped
//     input ends with one empty line. Here they look ahead (waiting for
//     input if need be) and answer exactly. Regina counts lines only on a
//     persistent stream, which it can reposition; on a transient one
//     (standard input, a pipe, a terminal) it answers !feof(), which C
//     sets only once a read has met the end, because it never reads
//     ahead. A loop needs the exact answer, and waiting in LINES costs it
//     nothing, since its LINEIN would wait for the same input
//     (testdata/scripts/stream_stdin_lines.txtar).
//   - Regina keeps a stream per name as written, so "f.txt", "./f.txt"
//     and the full path are three streams with their own positions on one
//     file. Here a file stream is keyed by its absolute path, as in ooRexx,
//     so they are one stream and buffered writes are never out of sight.
//   - Regina's QUERY SIZE on a standard stream returns garbage; here "".
//   - Regina's CHAROUT(name) on a file that is also being read closes
//     only the writing side. Here LINEOUT(name) and CHAROUT(name) close
//     the stream, as the language definition says.
package stream
