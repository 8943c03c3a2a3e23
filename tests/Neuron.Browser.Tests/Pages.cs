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
}
