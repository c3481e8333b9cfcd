using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Beds24Sync.Storage;

/// <summary>
/// The queue and table service clients, from a connection string (Azurite locally) or service URIs with
/// managed identity (Azure). Queue messages are Base64, as the Functions queue trigger expects.
/// </summary>
public sealed class StorageClients
{
    /// <summary>
    /// Pinned queue service version: Azure.Storage.Queues 12.28 defaults to a newer one that Azurite 3.37 refuses
    /// (400 InvalidHeaderValue) unless it runs with --skipApiVersionCheck. Azure accepts it too.
    /// </summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2026_06_06;

    public StorageClients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Queues = new QueueServiceClient(o.ConnectionString, QueueOptions(QueueMessageEncoding.Base64));
            RawQueues = new QueueServiceClient(o.ConnectionString, QueueOptions(QueueMessageEncoding.None));
            Tables = new TableServiceClient(o.ConnectionString);
        }
        else if (o.QueueServiceUri is not null && o.TableServiceUri is not null)
        {
            var credential = new DefaultAzureCredential();
            Queues = new QueueServiceClient(o.QueueServiceUri, credential, QueueOptions(QueueMessageEncoding.Base64));
            RawQueues = new QueueServiceClient(o.QueueServiceUri, credential, QueueOptions(QueueMessageEncoding.None));
            Tables = new TableServiceClient(o.TableServiceUri, credential);
        }
        else
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions),
                ["Set Storage:ConnectionString (e.g. UseDevelopmentStorage=true for Azurite), or both Storage:QueueServiceUri and Storage:TableServiceUri."]);
        }
    }

    /// <summary>Queues with Base64 message bodies (what we send, and what the Functions trigger reads).</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>
    /// The same queues without any decoding, for receivers that must survive a message that is not Base64: the
    /// SDK's Base64 receive fails the whole batch on one such message, which would block the queue for good.
    /// </summary>
    public QueueServiceClient RawQueues { get; }

    public TableServiceClient Tables { get; }

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>A receiving client that returns bodies exactly as stored (see <see cref="QueueBody"/> to decode them).</summary>
    public QueueClient RawQueue(string name) => RawQueues.GetQueueClient(name);

    public TableClient Table(string name) => Tables.GetTableClient(name);

    private static QueueClientOptions QueueOptions(QueueMessageEncoding encoding) => new(QueueServiceVersion) { MessageEncoding = encoding };
}
