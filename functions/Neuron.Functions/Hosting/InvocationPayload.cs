using System.Globalization;
using System.Text.Json;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Parses the custom-handler invocation body <c>{"Data": {...}, "Metadata": {...}}</c>. Depending on the host
/// version and binding, values arrive either plain (<c>"DequeueCount": 1</c>, <c>"message": {"runId": ...}</c>) or
/// JSON-encoded once more (<c>"DequeueCount": "1"</c>, <c>"Id": "\"4e77…\""</c>, <c>"message": "{\"runId\": …}"</c>):
/// every value is unwrapped while it is a string that holds a JSON string, number or object.
/// </summary>
public sealed class InvocationPayload
{
    private readonly JsonElement _data;
    private readonly JsonElement _metadata;

    private InvocationPayload(JsonElement data, JsonElement metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    public static InvocationPayload Parse(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = Unwrap(document.RootElement);
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException("The invocation body is not a JSON object.");
        return new InvocationPayload(
            Unwrap(Property(root, "Data") ?? default).Clone(),
            Unwrap(Property(root, "Metadata") ?? default).Clone());
    }

    /// <summary>The queue trigger: the message text from Data, dequeue count and id from Metadata.</summary>
    public QueueTrigger ToQueueTrigger(string bindingName)
    {
        var message = Data(bindingName) ?? throw new FormatException($"Data.{bindingName} is missing.");
        var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
        var dequeueCount = Metadata("DequeueCount") is { } count ? AsInt(count) : 1;
        var id = Metadata("Id") is { ValueKind: JsonValueKind.String } idElement ? idElement.GetString() : null;
        var inserted = Metadata("InsertionTime") is { ValueKind: JsonValueKind.String } t
            && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return new QueueTrigger(text, id, dequeueCount, inserted);
    }

    /// <summary>Whether the timer invocation is past due (Data.{binding}.IsPastDue), when present.</summary>
    public bool TimerIsPastDue(string bindingName) =>
        Data(bindingName) is { ValueKind: JsonValueKind.Object } timer
        && Property(timer, "IsPastDue") is { } pastDue
        && pastDue.ValueKind == JsonValueKind.True;

    public JsonElement? Data(string name) => _data.ValueKind == JsonValueKind.Object && Property(_data, name) is { } v ? Unwrap(v) : null;

    public JsonElement? Metadata(string name) => _metadata.ValueKind == JsonValueKind.Object && Property(_metadata, name) is { } v ? Unwrap(v) : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                return property.Value;
        }
        return null;
    }

    /// <summary>Peels string layers that themselves contain JSON (a quoted string, a number, an object or an array).</summary>
    public static JsonElement Unwrap(JsonElement element)
    {
        for (var depth = 0; depth < 4 && element.ValueKind == JsonValueKind.String; depth++)
        {
            var text = element.GetString()!.Trim();
            if (text.Length == 0 || !(text[0] is '"' or '{' or '[' || IsNumber(text)))
                break;
            try
            {
                using var inner = JsonDocument.Parse(text);
                element = inner.RootElement.Clone();
            }
            catch (JsonException)
            {
                break;
            }
        }
        return element;
    }

    private static bool IsNumber(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static int AsInt(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetInt32(),
        JsonValueKind.String => int.Parse(element.GetString()!, CultureInfo.InvariantCulture),
        _ => throw new FormatException("DequeueCount is not a number."),
    };
}
