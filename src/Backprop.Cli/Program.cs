// backprop: the command-line tool. Parsing and printing only; the math lives in the Backprop library.
using Backprop.Cli;

return Cli.Run(args);
