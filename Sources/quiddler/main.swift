import QuiddlerApp

import QuiddlerPlatform

exit(QuiddlerCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
