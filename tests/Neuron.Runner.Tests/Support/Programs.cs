namespace Neuron.Runner.Tests.Support;

/// <summary>Hello-world programs, one per language, each printing "hello from &lt;id&gt;".</summary>
public static class Programs
{
    public static readonly IReadOnlyDictionary<string, string> Hello = new Dictionary<string, string>
    {
        ["python"] = "print('hello from python')",
        ["javascript"] = "console.log('hello from javascript')",
        ["java"] = "public class Main { public static void main(String[] a) { System.out.println(\"hello from java\"); } }",
        ["cpp"] = "#include <iostream>\nint main() { std::cout << \"hello from cpp\" << std::endl; }",
        ["cpp20"] = "#include <iostream>\n#include <span>\nint main() { std::cout << \"hello from cpp20\" << std::endl; }",
        ["c"] = "#include <stdio.h>\nint main(void) { puts(\"hello from c\"); return 0; }",
    };

    public static readonly IReadOnlyDictionary<string, string> Echo = new Dictionary<string, string>
    {
        ["python"] = "import sys\nprint(sys.stdin.read(), end='')\nprint('|'.join(sys.argv[1:]))",
        ["javascript"] = "const fs = require('fs');\nprocess.stdout.write(fs.readFileSync(0, 'utf8'));\nconsole.log(process.argv.slice(2).join('|'));",
        ["java"] = "import java.io.*;\npublic class Main { public static void main(String[] a) throws IOException { System.out.print(new String(System.in.readAllBytes())); System.out.println(String.join(\"|\", a)); } }",
        ["cpp"] = "#include <iostream>\n#include <string>\nint main(int argc, char** argv) { std::string l; while (std::getline(std::cin, l)) std::cout << l << '\\n'; for (int i = 1; i < argc; i++) std::cout << argv[i] << (i + 1 < argc ? \"|\" : \"\"); std::cout << std::endl; }",
        ["c"] = "#include <stdio.h>\nint main(int argc, char** argv) { int c; while ((c = getchar()) != EOF) putchar(c); for (int i = 1; i < argc; i++) printf(\"%s%s\", argv[i], i + 1 < argc ? \"|\" : \"\"); puts(\"\"); return 0; }",
    };
}
