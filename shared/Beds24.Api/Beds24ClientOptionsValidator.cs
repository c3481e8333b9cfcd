using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Beds24.Api;

/// <summary>
/// Validates the nested <see cref="Beds24ClientOptions.Retry"/> and <see cref="Beds24ClientOptions.CircuitBreaker"/>
/// (data annotations do not recurse), and refuses the flat names they replaced, so a moved setting is not silently
/// ignored.
/// </summary>
internal sealed class Beds24ClientOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<Beds24ClientOptions>
{
    private static readonly Dictionary<string, string> Moved = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MaxRetries"] = "Retry:MaxRetries",
        ["RetryBaseDelay"] = "Retry:BaseDelay",
        ["BreakerFailureRatio"] = "CircuitBreaker:FailureRatio",
        ["BreakerMinimumThroughput"] = "CircuitBreaker:MinimumThroughput",
        ["BreakerSamplingDuration"] = "CircuitBreaker:SamplingDuration",
        ["BreakerBreakDuration"] = "CircuitBreaker:BreakDuration",
    };

    public ValidateOptionsResult Validate(string? name, Beds24ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options.Retry, "Retry", failures);
        Check(options.CircuitBreaker, "CircuitBreaker", failures);
        var section = configuration?.GetSection(Beds24ClientOptions.SectionName);
        foreach (var (old, now) in Moved)
        {
            if (section?[old] is not null)
            {
                failures.Add($"Setting {Beds24ClientOptions.SectionName}:{old} was renamed {Beds24ClientOptions.SectionName}:{now} (environment: {Beds24ClientOptions.SectionName}__{now.Replace(":", "__", StringComparison.Ordinal)}); rename it.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object value, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{Beds24ClientOptions.SectionName}:{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
