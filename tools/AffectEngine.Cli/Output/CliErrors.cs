using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Text.RegularExpressions;
using AffectEngine.Hosting;

namespace AffectEngine.Cli.Output;

/// <summary>
/// The one error path of <c>affect</c>: every problem goes to stderr as <c>affect: …</c> in plain words
/// naming the user's own flags, files and ids, with an exit code from <see cref="ExitCodes"/>. Parse
/// errors of System.CommandLine are reworded here (its messages name .NET types).
/// </summary>
internal static partial class CliErrors
{
    public static int Invoke(RootCommand root, string[] args)
    {
        Interrupt.Install();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var unknownCommand = false;
            foreach (var error in parse.Errors)
            {
                unknownCommand |= error.Message.StartsWith("Unrecognized command", StringComparison.Ordinal);
            }

            foreach (var error in parse.Errors)
            {
                if (unknownCommand && error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
                {
                    continue;
                }

                var text = Reword(error.Message, command, error.SymbolResult);
                if (seen.Add(text))
                {
                    Console.Error.WriteLine($"affect: {text}");
                }
            }

            var help = command is RootCommand ? "affect --help" : $"affect {command.Name} --help";
            Console.Error.WriteLine($"Run '{help}' for usage.");
            return ExitCodes.UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Interrupt.ExitCode != 0 && IsCancellation(ex))
        {
            Console.Error.WriteLine("affect: interrupted; unfinished outputs were removed");
            return Interrupt.ExitCode;
        }
        catch (UserException ex)
        {
            Console.Error.WriteLine($"affect: {ex.Message}");
            return ex.ExitCode;
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions is [UserException user, ..])
        {
            Console.Error.WriteLine($"affect: {user.Message}");
            return user.ExitCode;
        }
        catch (IOException ex)
        {
            // Outputs are checked before the work; what still fails is the device (full disk, I/O error).
            Console.Error.WriteLine($"affect: cannot write output ({OutputPaths.Reason(ex)}); unfinished outputs were removed");
            return ExitCodes.WriteFailed;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"affect: internal error ({ex.GetType().Name}: {ex.Message}); this is a bug in affect, please report it with the command line");
            if (Environment.GetEnvironmentVariable("AFFECT_DEBUG") is not null)
            {
                Console.Error.WriteLine(ex);
            }

            return ExitCodes.InternalError;
        }
    }

    /// <summary>An unknown agent id, with the valid ones (the first 20) so the fix is in the message.</summary>
    public static UserException UnknownAgent(SimulationRunner runner, string name, string where)
    {
        var known = new List<string>();
        foreach (var a in runner.World.Agents)
        {
            if (known.Count == 20)
            {
                known.Add($"... {runner.World.AgentCount - 20} more");
                break;
            }

            known.Add(runner.NameOf(a));
        }

        return new UserException($"{where}: no agent '{name}' (agents: {string.Join(", ", known)})");
    }

    internal static string Reword(string message, Command command, SymbolResult? symbol)
    {
        message = message.TrimEnd('.');
        if (NotAmong().Match(message) is { Success: true } among)
        {
            var name = symbol switch
            {
                OptionResult o => o.Option.Name,
                ArgumentResult { Parent: OptionResult o } => o.Option.Name,
                ArgumentResult a => "<" + a.Argument.Name + ">",
                _ => "value",
            };
            var choices = new List<string>();
            foreach (Match choice in Choice().Matches(among.Groups["choices"].Value))
            {
                choices.Add(choice.Groups[1].Value);
            }

            return $"{name}: expected one of {string.Join(", ", choices)}, found '{among.Groups["value"].Value}'";
        }

        if (CannotParse().Match(message) is { Success: true } m)
        {
            return $"{m.Groups["name"].Value}: expected {Kind(m.Groups["type"].Value)}, found '{m.Groups["value"].Value}'";
        }

        if (Required().Match(message) is { Success: true } r)
        {
            return $"{r.Groups["name"].Value} is required";
        }

        if (Unrecognized().Match(message) is { Success: true } u)
        {
            var token = u.Groups["token"].Value;
            return token.StartsWith('-')
                ? $"unknown option {token} for '{Where(command)}'"
                : command is RootCommand ? $"no command '{token}' (commands: {Subcommands(command)})" : $"unexpected argument '{token}' for '{Where(command)}'";
        }

        if (message.StartsWith("Required argument missing for command", StringComparison.Ordinal))
        {
            var names = new List<string>();
            foreach (var a in command.Arguments)
            {
                names.Add("<" + a.Name + ">");
            }

            return $"'{Where(command)}' needs {string.Join(" ", names)}";
        }

        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            return $"expected a command ({Subcommands(command)})";
        }

        return message;
    }

    private static string Where(Command command) => command is RootCommand ? "affect" : $"affect {command.Name}";

    private static string Subcommands(Command command)
    {
        var names = new List<string>();
        foreach (var c in command.Subcommands)
        {
            names.Add(c.Name);
        }

        return string.Join(", ", names);
    }

    private static string Kind(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } n ? n.Groups[1].Value : type;
        return inner switch
        {
            "System.Int64" or "System.Int32" or "System.Int16" => "a whole number",
            "System.UInt64" or "System.UInt32" => "a whole number, 0 or more",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            _ => "a value of another kind",
        };
    }

    private static bool IsCancellation(Exception ex) =>
        ex is OperationCanceledException || (ex is AggregateException a && a.Flatten().InnerExceptions is [OperationCanceledException, ..]);

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|argument|command) '(?<name>[^']+)' as expected type '(?<type>[^']+)'$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Argument '(?<value>.*)' not recognized\. Must be one of:(?<choices>.*)$", RegexOptions.Singleline)]
    private static partial Regex NotAmong();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex Choice();

    [GeneratedRegex(@"^Option '(?<name>[^']+)' is required$")]
    private static partial Regex Required();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();
}
