namespace Neuron.Functions.Hosting;

/// <summary><c>[QueueTrigger]</c>: the queue and the name of the connection setting.</summary>
public sealed record QueueFunctionTrigger(string QueueName, string Connection) : FunctionTrigger
{
    /// <summary>Where the host moves a message after its last failed dequeue.</summary>
    public string PoisonQueueName => QueueName + "-poison";
}
