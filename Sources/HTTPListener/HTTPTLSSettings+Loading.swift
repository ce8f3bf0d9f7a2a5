import Foundation
public import NIOSSL

extension HTTPTLSSettings {
    /// The server's TLS configuration (TLS 1.2 or later) from the two files. Throws a message
    /// naming the file at fault: missing, unreadable, not PEM, or a key that does not belong to
    /// the certificate.
    public func serverConfiguration() throws(HTTPTLSError) -> TLSConfiguration {
        for (file, what) in [(certificateFile, "certificate"), (keyFile, "key")] {
            guard FileManager.default.fileExists(atPath: file) else {
                throw HTTPTLSError("the TLS \(what) file \(file) does not exist", file: file)
            }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw HTTPTLSError("the TLS \(what) file \(file) cannot be read (permissions?)", file: file)
            }
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw HTTPTLSError("the TLS certificate file \(certificateFile) holds no PEM certificate: \(error)", file: certificateFile)
        }
        guard !certificates.isEmpty else {
            throw HTTPTLSError("the TLS certificate file \(certificateFile) holds no PEM certificate", file: certificateFile)
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw HTTPTLSError("the TLS key file \(keyFile) holds no unencrypted PEM private key: \(error)", file: keyFile)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw HTTPTLSError("the TLS key \(keyFile) does not go with the certificate \(certificateFile): \(error)", file: keyFile)
        }
        return configuration
    }
}
