using System;
using System.CommandLine;
using System.Text;
using AffectEngine.Cli.Output;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect schema [--out file]</c>: the scenario JSON schema, generated from the model types.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Write the schema to a file instead of standard output." };
        var command = new Command("schema", "Print the JSON schema of scenario files (generated from the model).") { output };
        command.SetAction(parse =>
        {
            var schema = ScenarioSchema.Generate();
            var path = parse.GetValue(output);
            if (path is null)
            {
                Console.Out.Write(schema);
                return 0;
            }

            using var file = AtomicFile.Create(path, "--out");
            file.Stream.Write(new UTF8Encoding(false).GetBytes(schema));
            file.Commit();
            return 0;
        });
        return command;
    }
}
