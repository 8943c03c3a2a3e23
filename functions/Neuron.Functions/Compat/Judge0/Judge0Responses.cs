using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>Judge0's answers as they go out: JSON bodies of its own shapes, errors as <c>{"error": ...}</c> or 422's <c>{"field": [...]}</c>.</summary>
public static class Judge0Responses
{
    public static ContentHttpResult Json(byte[] json, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(Encoding.UTF8.GetString(json), "application/json; charset=utf-8", Encoding.UTF8, status);

    public static ContentHttpResult Json(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) => Json(Bytes(write), status);

    public static ContentHttpResult Error(int status, string message) => Json(ErrorBytes(message), status);

    public static byte[] ErrorBytes(string message) => Bytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    public static byte[] FieldErrorsBytes(IReadOnlyDictionary<string, string[]> errors) => Bytes(w =>
    {
        w.WriteStartObject();
        foreach (var (field, messages) in errors)
        {
            w.WriteStartArray(field);
            foreach (var message in messages)
                w.WriteStringValue(message);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer.ToArray();
    }
}
