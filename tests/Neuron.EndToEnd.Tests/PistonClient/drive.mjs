// Drives Neuron's Piston v2 API with the npm piston-client, as a Piston user's code would: the server URL is the one
// change (it carries the key as its user info: piston-client cannot set headers). `node drive.mjs <server> <scenario>`
// prints what the client returned, as JSON, for the xunit test (tests/Neuron.EndToEnd.Tests/PistonClientTests.cs).
import piston from "piston-client";

const [server, scenario] = process.argv.slice(2);
const client = piston({ server });

const scenarios = {
  runtimes: () => client.runtimes(),
  python: () => client.execute("python", "import sys\nprint(input()[::-1])\nprint('to stderr', file=sys.stderr)", { stdin: "neuron", args: [] }),
  "compile-error": () => client.execute("c++", "int main() { return missing; }"),
  "multi-file": () => client.execute({
    language: "python",
    files: [
      { name: "main.py", content: "from helper import twice\nprint(twice(21))" },
      { name: "helper.py", content: "def twice(n):\n    return 2 * n\n" },
    ],
    args: [],
  }),
};

if (!scenarios[scenario]) {
  console.error(`unknown scenario '${scenario}'; one of ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(await scenarios[scenario]()));
