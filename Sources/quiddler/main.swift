import QuiddlerApp

#if canImport(Glibc)
import Glibc
#endif

exit(QuiddlerCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
