public import Foundation
import ProbeKit
public import IXPCore
import Yams

/// The declarative SNMP probes of one directory (`Probes/` by default): every `*.yaml` file
/// whose top level has a `probe:` key, validated, by probe name. Other YAML files there (the
/// peering-LAN rules) are not table probes and are left alone.
public struct SNMPTableDefinitionCatalog: Sendable, Hashable {
    /// The directory read, as the operator named it.
    public var directory: String
    /// The definitions by probe name.
    public var definitions: [String: SNMPTableDefinition]

    /// The compiled IF-MIB poller's name in `switches[].probes`.
    public static let interfaceProbeName = "if-mib"

    /// Creates a catalog (tests build one from definitions in memory).
    public init(directory: String, definitions: [String: SNMPTableDefinition]) {
        self.directory = directory
        self.definitions = definitions
    }

    /// Every name `switches[].probes` may list: `if-mib` and the definitions, sorted.
    public var availableNames: [String] {
        [Self.interfaceProbeName] + definitions.keys.sorted()
    }

    /// Reads and validates every table definition in `directory`. Errors name the file, line
    /// and column; two files defining one probe name are an error too.
    public static func load(directory: String) throws(ConfigurationError) -> SNMPTableDefinitionCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ConfigurationError(file: directory, message: "cannot read the probe definitions directory: \(error.localizedDescription)")
        }
        var definitions: [String: SNMPTableDefinition] = [:]
        var files: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(file: path, message: "cannot read the probe definition: \(error.localizedDescription)")
            }
            guard let root = try YAMLConfigNode.parse(text, file: path), let mapping = root.node.mapping,
                  mapping.contains(where: { $0.key.string == "probe" }) else { continue }
            let definition = try SNMPTableDefinition.parse(text, file: path)
            guard definition.name != interfaceProbeName else {
                throw ConfigurationError(file: path, message: "the probe name \(interfaceProbeName) belongs to the compiled IF-MIB poller")
            }
            if let other = files[definition.name] {
                throw ConfigurationError(file: path, message: "probe \(definition.name) is already defined in \(other)")
            }
            files[definition.name] = path
            definitions[definition.name] = definition
        }
        return SNMPTableDefinitionCatalog(directory: directory, definitions: definitions)
    }

    /// The directory used when the configuration names none: `Probes` in the working
    /// directory when it exists (a source checkout), else the installed
    /// `/usr/share/ixp-health/Probes` (the Debian package).
    public static func defaultDirectory(fileManager: FileManager = .default) -> String {
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: "Probes", isDirectory: &isDirectory), isDirectory.boolValue { return "Probes" }
        return "/usr/share/ixp-health/Probes"
    }
}
