import QuiddlerApp

import QuiddlerPlatform

let status = QuiddlerCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
// Leave without the exit-time handlers: OpenBLAS's joins its worker threads there, and after
// matrix products from several threads (the app's reader worker, a benchmark's) that join can
// hang for good. Everything is written by now; standard output only needs flushing.
_ = flushStandardOutput()
_exit(status)
