using System.Globalization;
using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>
/// Evaluates the compiled ARM template for given parameter values, as far as the network profiles need: resource
/// conditions, module parameters and the properties that depend on them (parameters, variables, equals, not, and, or,
/// if, empty, concat, createObject, createArray, string, format, replace, null, property access). A call to any other function
/// (resourceId, cidrSubnet, reference…), and whatever depends on one, stays as its expression text in brackets: opaque,
/// but equal to itself wherever it recurs. A condition that is opaque fails the evaluation.
/// </summary>
public sealed class ArmEvaluator
{
    private readonly JsonNode _template;
    private readonly IReadOnlyDictionary<string, JsonNode?> _parameters;
    private readonly Dictionary<string, JsonNode?> _variables = new(StringComparer.OrdinalIgnoreCase);

    public ArmEvaluator(JsonNode template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        _template = template;
        _parameters = parameters;
    }

    /// <summary>Every resource deployed with these parameters, nested modules included, with its properties evaluated.</summary>
    public static IReadOnlyList<JsonObject> Deployed(JsonNode template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var result = new List<JsonObject>();
        new ArmEvaluator(template, parameters).Collect(result);
        return result;
    }

    private void Collect(List<JsonObject> result)
    {
        var resources = _template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["condition"] is { } condition && Evaluate(condition) is var decided && (IsOpaque(decided) ? throw new InvalidOperationException($"condition {condition} is not decidable") : decided?.GetValue<bool>() != true))
                continue;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is { } nested)
            {
                var values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, entry) in resource["properties"]!["parameters"]?.AsObject() ?? [])
                    values[name] = Evaluate(entry)?["value"]?.DeepClone();
                var module = new ArmEvaluator(nested, values);
                var copy = (JsonObject)resource.DeepClone();
                copy["properties"]!.AsObject().Remove("template");
                result.Add((JsonObject)Evaluate(copy)!);
                module.Collect(result);
                continue;
            }
            result.Add((JsonObject)Evaluate(resource.DeepClone())!);
        }
    }

    /// <summary>A JSON value of the template with every expression in it evaluated.</summary>
    public JsonNode? Evaluate(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Evaluate)]),
        JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']') =>
            EvaluateExpression(text),
        _ => node?.DeepClone(),
    };

    private JsonNode? EvaluateExpression(string text) => Eval(new Parser(text[1..^1]).Parse())?.DeepClone();

    /// <summary>An expression this evaluator does not compute: its own text, in brackets, stands for its value.</summary>
    private static JsonValue Opaque(Expr expr) => JsonValue.Create("[" + expr.Source + "]");

    private static bool IsOpaque(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith('[') && s.EndsWith(']');

    private abstract record Expr(string Source);
    private sealed record Literal(JsonNode? Value, string Source) : Expr(Source);
    private sealed record Call(string Name, IReadOnlyList<Expr> Args, string Source) : Expr(Source);
    private sealed record Member(Expr Target, Expr Key, string Source) : Expr(Source);

    private JsonNode? Eval(Expr expr)
    {
        switch (expr)
        {
            case Literal l:
                return l.Value;
            case Member m:
                var target = Eval(m.Target);
                var key = Eval(m.Key);
                if (IsOpaque(target) || IsOpaque(key))
                    return Opaque(m);
                return key is JsonValue v && v.TryGetValue<int>(out var index) ? target?[index] : target?[(string)key!];
            case Call c:
                var args = c.Args.Select(Eval).ToList();
                // if() picks a branch: an opaque branch not taken does not matter.
                if (c.Name.Equals("if", StringComparison.OrdinalIgnoreCase))
                    return IsOpaque(args[0]) ? Opaque(c) : args[0]!.GetValue<bool>() ? args[1] : args[2];
                if (args.Any(IsOpaque) && !c.Name.Equals("createObject", StringComparison.OrdinalIgnoreCase)
                    && !c.Name.Equals("createArray", StringComparison.OrdinalIgnoreCase))
                    return Opaque(c);
                return Apply(c, args);
            default:
                throw new InvalidOperationException(expr.ToString());
        }
    }

    private JsonNode? Apply(Call call, IReadOnlyList<JsonNode?> values)
    {
        JsonNode? Arg(int i) => values[i];
        switch (call.Name.ToLowerInvariant())
        {
            case "parameters":
                var name = (string)Arg(0)!;
                if (_parameters.TryGetValue(name, out var given) && given is not null)
                    return given;
                var declared = _template["parameters"]?[name] ?? throw new InvalidOperationException($"no parameter {name}");
                return declared["defaultValue"] is { } fallback ? Evaluate(fallback) : Opaque(call);
            case "variables":
                var variable = (string)Arg(0)!;
                if (!_variables.TryGetValue(variable, out var value))
                    _variables[variable] = value = Evaluate(_template["variables"]?[variable] ?? throw new InvalidOperationException($"no variable {variable}"));
                return value;
            case "equals":
                return JsonValue.Create(JsonNode.DeepEquals(Arg(0), Arg(1)));
            case "not":
                return JsonValue.Create(!Arg(0)!.GetValue<bool>());
            case "and":
                return JsonValue.Create(values.All(a => a!.GetValue<bool>()));
            case "or":
                return JsonValue.Create(values.Any(a => a!.GetValue<bool>()));
            case "empty":
                return JsonValue.Create(Arg(0) switch
                {
                    null => true,
                    JsonArray a => a.Count == 0,
                    JsonObject o => o.Count == 0,
                    JsonValue s when s.TryGetValue<string>(out var str) => str.Length == 0,
                    _ => false,
                });
            case "null":
                return null;
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
            case "createobject":
                var obj = new JsonObject();
                for (var i = 0; i < values.Count; i += 2)
                    obj[(string)Arg(i)!] = Arg(i + 1)?.DeepClone();
                return obj;
            case "createarray":
                return new JsonArray([.. values.Select(a => a?.DeepClone())]);
            case "concat":
                var parts = values;
                if (parts.All(p => p is JsonArray))
                    return new JsonArray([.. parts.SelectMany(p => p!.AsArray()).Select(n => n?.DeepClone())]);
                return JsonValue.Create(string.Concat(parts.Select(Text)));
            case "string":
                return JsonValue.Create(Text(Arg(0)));
            case "replace":
                return JsonValue.Create(((string)Arg(0)!).Replace((string)Arg(1)!, (string)Arg(2)!, StringComparison.Ordinal));
            case "format":
                var format = (string)Arg(0)!;
                var args = values.Skip(1).Select(a => (object?)Text(a)).ToArray();
                return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, format, args));
            default:
                return Opaque(call);
        }
    }

    /// <summary>ARM's string(): booleans as True/False, numbers invariant, strings as they are.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
        JsonValue v => v.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private sealed class Parser(string text)
    {
        private int _at;

        public Expr Parse()
        {
            var expr = ParseExpr();
            Skip();
            if (_at != text.Length)
                throw new FormatException($"unexpected '{text[_at..]}' in {text}");
            return expr;
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
                _at++;
        }

        private Expr ParseExpr()
        {
            Skip();
            var begin = _at;
            var expr = ParsePrimary();
            while (true)
            {
                Skip();
                if (_at < text.Length && text[_at] == '.')
                {
                    _at++;
                    var start = _at;
                    while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
                        _at++;
                    expr = new Member(expr, new Literal(JsonValue.Create(text[start.._at]), text[start.._at]), text[begin.._at]);
                }
                else if (_at < text.Length && text[_at] == '[')
                {
                    _at++;
                    var key = ParseExpr();
                    Skip();
                    _at++; // ]
                    expr = new Member(expr, key, text[begin.._at]);
                }
                else
                {
                    return expr;
                }
            }
        }

        private Expr ParsePrimary()
        {
            var begin = _at;
            var c = text[_at];
            if (c == '\'')
            {
                var value = new System.Text.StringBuilder();
                _at++;
                while (true)
                {
                    if (text[_at] == '\'' && _at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        value.Append('\'');
                        _at += 2;
                    }
                    else if (text[_at] == '\'')
                    {
                        _at++;
                        return new Literal(JsonValue.Create(value.ToString()), text[begin.._at]);
                    }
                    else
                    {
                        value.Append(text[_at++]);
                    }
                }
            }
            if (char.IsDigit(c) || c == '-')
            {
                var start = _at++;
                while (_at < text.Length && char.IsDigit(text[_at]))
                    _at++;
                return new Literal(JsonValue.Create(int.Parse(text[start.._at], CultureInfo.InvariantCulture)), text[start.._at]);
            }
            var nameStart = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
                _at++;
            var name = text[nameStart.._at];
            Skip();
            if (name is "true" or "false" && (_at >= text.Length || text[_at] != '('))
                return new Literal(JsonValue.Create(name == "true"), name);
            _at++; // (
            var args = new List<Expr>();
            Skip();
            if (text[_at] == ')')
            {
                _at++;
                return new Call(name, args, text[begin.._at]);
            }
            while (true)
            {
                args.Add(ParseExpr());
                Skip();
                if (text[_at++] == ')')
                    return new Call(name, args, text[begin.._at]);
            }
        }
    }
}
