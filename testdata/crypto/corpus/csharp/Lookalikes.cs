using System;
using System.Collections.Generic;
using Acme.Hashing;

namespace Acme.Reporting
{
    // This file has no System.Security.Cryptography import: the names below are the project's own types.
    public sealed class DES // attest-expect: none
    {
        public static DES Create() => new DES(); // attest-expect: none
        public string Region { get; set; } = "eu-west-1";
    }

    public static class ReportBuilder
    {
        // Before the rewrite this used MD5.Create() and new RSACryptoServiceProvider(512). // attest-expect: none
        public static string Build(IList<string> rows)
        {
            var des = DES.Create(); // attest-expect: none (the project's Data Export Service)
            var md5 = Md5Fingerprint.Create(rows); // attest-expect: none
            var sha1 = new Sha1Counter(); // attest-expect: none
            var message = "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls"; // attest-expect: none
            var note = @"aes.Mode = CipherMode.ECB"; // attest-expect: none
            var rsaKeySize = 1024; // attest-expect: none
            return $"{des.Region}:{md5}:{sha1}:{message}:{note}:{rsaKeySize}";
        }

        public static int KeySize(int bits) => bits * 2; // attest-expect: none

        public static string Describe(string algorithm) => algorithm switch
        {
            "MD5" => "legacy", // attest-expect: none
            "SHA1" => "legacy", // attest-expect: none
            _ => "modern",
        };
    }
}
