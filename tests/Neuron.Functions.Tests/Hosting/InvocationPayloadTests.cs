using System.Text;
using Neuron.Functions.Hosting;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

public sealed class InvocationPayloadTests
{
    [Theory]
    [InlineData("queue-plain.json", 1)]
    [InlineData("queue-double-encoded.json", 3)]
    [InlineData("queue-object-message.json", 2)]
    public void QueuePayload_IsParsed_InEveryShape(string file, int dequeueCount)
    {
        var payload = InvocationPayload.Parse(Encoding.UTF8.GetBytes(Payloads.Read(file)));

        var trigger = payload.ToQueueTrigger(FunctionNames.MessageBinding);
        var message = RunMessage.Parse(trigger.MessageText);

        Assert.Equal(Payloads.RunId, message.RunId);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", message.Traceparent);
        Assert.Equal(dequeueCount, trigger.DequeueCount);
        Assert.Equal("9f1c8a52-3d2e-4b7a-a1f0-6c2d8e9b0a13", trigger.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 15, 40, 12, TimeSpan.Zero), trigger.InsertionTime);
    }

    [Theory]
    [InlineData("timer-plain.json", false)]
    [InlineData("timer-double-encoded.json", true)]
    public void TimerPayload_IsParsed_InEveryShape(string file, bool pastDue)
    {
        var payload = InvocationPayload.Parse(Encoding.UTF8.GetBytes(Payloads.Read(file)));

        Assert.Equal(pastDue, payload.TimerIsPastDue(FunctionNames.TimerBinding));
        Assert.Equal("SweepRuns", payload.Metadata("sys")!.Value.GetProperty("MethodName").GetString());
    }

    [Fact]
    public void BareRunIdMessage_IsAccepted()
    {
        Assert.Equal(Payloads.RunId, RunMessage.Parse(Payloads.RunId).RunId);
    }

    [Fact]
    public void MalformedPayload_IsRefused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => InvocationPayload.Parse("{\"Data\":"u8));
        Assert.Throws<FormatException>(() => InvocationPayload.Parse("[1]"u8).ToQueueTrigger("message"));
    }
}
