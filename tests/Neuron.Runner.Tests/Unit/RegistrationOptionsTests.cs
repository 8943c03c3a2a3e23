using System.ComponentModel.DataAnnotations;
using Neuron.Runner.Registration;

namespace Neuron.Runner.Tests.Unit;

public sealed class RegistrationOptionsTests
{
    private static List<ValidationResult> Validate(RegistrationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Off_ByDefault_AndValid()
    {
        var options = new RegistrationOptions();

        Assert.False(options.Enabled);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void On_RequiresTheUrlTheDispatcherReachesTheNodeAt()
    {
        var options = new RegistrationOptions { TableUrl = new Uri("https://acct.table.core.windows.net/runners") };

        Assert.True(options.Enabled);
        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(RegistrationOptions.Url)));
        options.Url = new Uri("http://10.40.2.4:5080/");
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void TableUrlAndConnectionString_AreExclusive()
    {
        var options = new RegistrationOptions
        {
            TableUrl = new Uri("https://acct.table.core.windows.net/runners"),
            ConnectionString = "UseDevelopmentStorage=true",
            Url = new Uri("http://10.40.2.4:5080/"),
        };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(RegistrationOptions.TableUrl)));
    }
}
