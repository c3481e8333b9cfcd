using System.CommandLine;
using System.Text.RegularExpressions;

namespace Beds24Sync.Host;

/// <summary>Options whose values System.CommandLine cannot parse by itself, with errors in plain words.</summary>
public static partial class CliOptions
{
    /// <summary>--account: our id of a Beds24 account, the same rule as the webhook URL and the contracts.</summary>
    public static Option<string> Account(bool required)
    {
        var option = new Option<string>("--account") { Description = "Our id of the Beds24 account (letters, digits, '.', '_' or '-', at most 100)", Required = required };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !Beds24Sync.Accounts.AccountIds.IsValid(value))
            {
                result.AddError($"--account '{value}' is not a valid account id: use 1-100 letters, digits, '.', '_' or '-'.");
            }
        });
        return option;
    }

    /// <summary>A TCP port option (1-65535).</summary>
    public static Option<int> Port(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // A token that is not a number is already an error of its own; only range-check numbers.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is < 1 or > 65535)
            {
                result.AddError($"{name} must be a port between 1 and 65535, not {value}.");
            }
        });
        return option;
    }

    /// <summary>--beds24-url: an absolute http(s) URL, the API root (a missing trailing slash is added).</summary>
    public static Option<Uri?> Beds24Url() =>
        HttpUrl("--beds24-url", "Beds24 API root, e.g. https://beds24.com/api/v2/ or a simulator's URL", "https://beds24.com/api/v2/");

    /// <summary>An absolute http(s) URL, ending in a slash so relative paths append to it.</summary>
    public static Option<Uri?> HttpUrl(string name, string description, string example) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
            }

            result.AddError($"{name} must be an absolute http(s) URL such as {example}, not '{text}'.");
            return null;
        },
    };
}
