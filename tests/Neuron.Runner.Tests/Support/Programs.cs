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

    /// <summary>
    /// Tries to open an internet socket and connect to <paramref name="address"/> port 9, then a unix socket. Under the
    /// launcher's filter the first fails at socket() with EACCES ("Permission denied"); without it, the connect would
    /// be refused or succeed.
    /// </summary>
    public static string NetworkProbe(string language, string address) => language switch
    {
        "python" => $$"""
            import socket, errno
            def attempt(family, target):
                try:
                    s = socket.socket(family, socket.SOCK_STREAM)
                    s.settimeout(2)
                    s.connect(target)
                    return 'connected'
                except OSError as e:
                    return errno.errorcode.get(e.errno, str(e.errno))
            print(attempt(socket.AF_INET, ('{{address}}', 9)), attempt(socket.AF_INET6, ('::1', 9)), end=' ')
            socket.socket(socket.AF_UNIX)
            print('unix')
            """,
        "c" => $$"""
            #include <arpa/inet.h>
            #include <errno.h>
            #include <netinet/in.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/socket.h>
            int main(void) {
                int s = socket(AF_INET, SOCK_STREAM, 0);
                if (s < 0) {
                    printf("%s ", strerror(errno));
                } else {
                    struct sockaddr_in a = {0};
                    a.sin_family = AF_INET;
                    a.sin_port = htons(9);
                    inet_pton(AF_INET, "{{address}}", &a.sin_addr);
                    printf("%s ", connect(s, (struct sockaddr *)&a, sizeof a) ? strerror(errno) : "connected");
                }
                puts(socket(AF_UNIX, SOCK_STREAM, 0) >= 0 ? "unix" : strerror(errno));
                return 0;
            }
            """,
        "java" => $$"""
            public class Main {
                public static void main(String[] a) {
                    try { new java.net.Socket("{{address}}", 9); System.out.println("connected"); }
                    catch (Exception e) { System.out.println(e.getMessage()); }
                }
            }
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "no network probe for this language"),
    };

    /// <summary>What <see cref="NetworkProbe"/> prints when the filter denies the internet socket.</summary>
    public static string NetworkDenied(string language) => language switch
    {
        "python" => "EACCES EACCES unix\n",
        "c" => "Permission denied unix\n",
        _ => "Permission denied",
    };
}
