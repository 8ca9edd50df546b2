using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace Acme.Integrations
{
    // Talks to partner APIs. Two partners still run TLS 1.0 appliances; see ticket OPS-4411.
    public sealed class PartnerClient
    {
        private const SslProtocols Modern = SslProtocols.Tls12 | SslProtocols.Tls13; // attest-expect: none
        private const SslProtocols Legacy = SslProtocols.Tls | SslProtocols.Tls12; // attest-expect: crypto/weak-tls

        public static void ConfigureProcess()
        {
            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12; // attest-expect: crypto/weak-tls
            ServicePointManager.SecurityProtocol &= ~SecurityProtocolType.Ssl3; // attest-expect: none
        }

        public static HttpClient ForPartner(bool legacyPartner)
        {
            var handler = new HttpClientHandler
            {
                SslProtocols = legacyPartner ? Legacy : Modern, // attest-expect: none
                CheckCertificateRevocationList = true,
            };
            return new HttpClient(handler);
        }

        public static HttpClient ForStaging()
        {
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, // attest-expect: crypto/weak-tls
            };
            return new HttpClient(handler);
        }

        public static HttpClient ForSandbox()
        {
            var handler = new HttpClientHandler();
            handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true; // attest-expect: crypto/weak-tls
            return new HttpClient(handler);
        }

        public static HttpClient ForPinnedPartner(string thumbprint)
        {
            var handler = new HttpClientHandler();
            handler.ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => // attest-expect: none
                errors == SslPolicyErrors.None && cert?.GetCertHashString() == thumbprint;
            return new HttpClient(handler);
        }

        public static void TrustEverything()
        {
            ServicePointManager.ServerCertificateValidationCallback += delegate { return true; }; // attest-expect: crypto/weak-tls
        }

        public static async Task<Stream> ConnectRaw(string host)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(host, 443);
            var ssl = new SslStream(tcp.GetStream(), false, AcceptAny); // attest-expect: crypto/weak-tls
            await ssl.AuthenticateAsClientAsync(host, null, SslProtocols.Ssl3, false); // attest-expect: crypto/weak-tls
            return ssl;
        }

        public static async Task<Stream> ConnectStrict(string host)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(host, 443);
            var ssl = new SslStream(tcp.GetStream(), false, Validate); // attest-expect: none
            await ssl.AuthenticateAsClientAsync(host, null, SslProtocols.None, true); // attest-expect: none
            return ssl;
        }

        public static bool IsDeprecated(SslProtocols protocol) =>
            protocol == SslProtocols.Tls || protocol == SslProtocols.Tls11; // attest-expect: none

        private static bool AcceptAny(object sender, X509Certificate cert, X509Chain chain, SslPolicyErrors errors) => true;

        private static bool Validate(object sender, X509Certificate cert, X509Chain chain, SslPolicyErrors errors)
        {
            if (errors != SslPolicyErrors.None) // attest-expect: none
            {
                return false;
            }
            return true;
        }
    }
}
