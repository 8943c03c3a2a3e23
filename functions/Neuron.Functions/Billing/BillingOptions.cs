using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Billing;

/// <summary>Credits and prices (section <c>Billing</c>); amounts in micro-credits (<see cref="Credits"/>).</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>Credits a new key is given (unless its creation names others): 200 typical runs' worth, 1 credit.</summary>
    [Range(0, Credits.MaxMicroCredits)]
    public long FreeMicroCredits { get; set; } = 200 * 5_000;

    /// <summary>A key's low-balance threshold until an admin sets its own: 20 typical runs' worth.</summary>
    [Range(0, Credits.MaxMicroCredits)]
    public long DefaultLowBalanceMicroCredits { get; set; } = 20 * 5_000;

    /// <summary>
    /// The price lists, each with its effective date; a run is priced by the list in force when it was accepted (and
    /// by the earliest list if it was accepted before any). Empty: <see cref="PriceList.Default"/>.
    /// </summary>
    public List<PriceList> Prices { get; set; } = [];

    /// <summary>
    /// Past this, an admitted run's hold is presumed leaked (its submission died before the run was stored) and its
    /// credit is freed; longer than any run can stay non-final, as for in-flight places.
    /// </summary>
    public TimeSpan HoldLifetime { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<PriceList> EffectivePrices => Prices.Count > 0 ? Prices : [PriceList.Default];
}
