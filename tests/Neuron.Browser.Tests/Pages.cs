namespace Neuron.Browser.Tests;

/// <summary>The host pages the widget is embedded in.</summary>
public static class Pages
{
    public const string PythonSource = "print(\"Hello, \" + input() + \"!\")";
    public const string JavaScriptSource = "console.log([1, 2, 3].map(x => x * 2).join(\",\"))";

    /// <summary>
    /// A blog post with two snippets (python with stdin, javascript) and host styles that would restyle the widget if
    /// they could reach it: <c>pre, button { color: red }</c>.
    /// </summary>
    public static string Blog(string api, string key) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <link rel="icon" href="data:,">
          <title>A blog post</title>
          <style>
            body { font-family: serif; }
            pre, button { color: red; }
          </style>
          <script src="{{api}}/embed.js" data-key="{{key}}" defer></script>
        </head>
        <body>
          <h1>Two languages, one post</h1>
          <p>Python reads a name:</p>
          <pre><code class="language-python" data-neuron data-stdin="Ada">{{PythonSource}}</code></pre>
          <p>JavaScript doubles a list:</p>
          <pre><code class="language-javascript" data-neuron>{{JavaScriptSource.Replace(">", "&gt;", StringComparison.Ordinal)}}</code></pre>
          <pre id="plain">An ordinary block of the page.</pre>
          <button id="host-button" type="button">A button of the page</button>
          <a id="after" href="#after">a link after the snippets</a>
        </body>
        </html>
        """;

    /// <summary>The same widget on an origin the key does not allow.</summary>
    public static string Elsewhere(string api, string key) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Somebody else's site</title>
          <script src="{{api}}/embed.js" data-key="{{key}}" defer></script>
        </head>
        <body>
          <h1>Borrowed key</h1>
          <pre><code class="language-python" data-neuron>print("should not run")</code></pre>
        </body>
        </html>
        """;

    /// <summary>A Python function, as a blog would show it: three lines, a keyword, a string, a call.</summary>
    public const string HighlightedSource = "def greet(name):\n    return \"Hello, \" + name\n\nprint(greet(\"Ada\"))";

    /// <summary>
    /// A post highlighted by Prism (served from the blog's own /prism/ folder) with its default theme: one snippet the
    /// widget takes, and the same code in a block it does not (what Prism alone makes of it).
    /// </summary>
    public static string PrismBlog(string api, string key) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <link rel="icon" href="data:,">
          <title>A highlighted post</title>
          <link rel="stylesheet" href="/prism/prism.css">
          <script src="{{api}}/embed.js" data-key="{{key}}" defer></script>
        </head>
        <body>
          <h1>Greeting, highlighted</h1>
          <pre><code class="language-python" id="snippet" data-neuron>{{HighlightedSource}}</code></pre>
          <p>The same code, not runnable:</p>
          <pre><code class="language-python" id="control">{{HighlightedSource}}</code></pre>
          <script src="/prism/prism.js"></script>
          <script src="/prism/prism-python.js"></script>
        </body>
        </html>
        """;

    /// <summary>A matplotlib figure saved to the output folder; a plot takes longer than a print, so the snippet asks for 10 s.</summary>
    public const string PlotSource = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3, 4], [1, 4, 9, 16], marker=\"o\")\nplt.title(\"squares\")\nplt.savefig(\"out/plot.png\")\nprint(\"saved\")";

    /// <summary>A data blog's post: one snippet that draws a chart, with its own time and memory limits.</summary>
    public static string PlotBlog(string api, string key) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <link rel="icon" href="data:,">
          <title>A chart</title>
          <script src="{{api}}/embed.js" data-key="{{key}}" defer></script>
        </head>
        <body>
          <h1>Squares, drawn</h1>
          <pre><code class="language-python" data-neuron data-time-ms="10000" data-memory-mb="256">{{PlotSource}}</code></pre>
        </body>
        </html>
        """;
}
