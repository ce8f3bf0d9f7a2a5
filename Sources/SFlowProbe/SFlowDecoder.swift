public import PacketCapture

/// Decodes sFlow version 5 datagrams (sflow.org, "sFlow Version 5", 2004): the datagram
/// header, flow samples and expanded flow samples with their raw packet header, Ethernet
/// frame and extended switch records, and counter samples with their generic interface and
/// Ethernet counters. Samples and records of other formats are skipped by their length.
///
/// Every length and count is checked against the bytes that enclose it; a datagram that does
/// not hold what it announces throws `SFlowDecodeError`, never reads outside the buffer and
/// never traps.
public struct SFlowDecoder: Sendable {
    /// The frame decoder for sampled Ethernet headers.
    public var frameDecoder: FrameDecoder

    /// A decoder.
    public init(frameDecoder: FrameDecoder = FrameDecoder()) {
        self.frameDecoder = frameDecoder
    }

    /// Decodes one datagram from a byte array.
    public func decode(_ bytes: [UInt8]) throws(SFlowDecodeError) -> SFlowDatagram {
        let result: Result<SFlowDatagram, SFlowDecodeError> = bytes.withUnsafeBytes { buffer in
            do throws(SFlowDecodeError) { return .success(try decode(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decodes one datagram (a UDP payload).
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(SFlowDecodeError) -> SFlowDatagram {
        var reader = SFlowReader(bytes)
        let version = try reader.u32("version")
        guard version == 5 else { throw SFlowDecodeError(.unsupportedVersion, "version \(version); only sFlow version 5 is read") }
        let addressType = try reader.u32("agent address type")
        let agent: IPAddress
        switch addressType {
        case 1:
            agent = IPAddress(ipv4: try reader.u32("agent IPv4 address"))
        case 2:
            agent = IPAddress(high: try reader.u64("agent IPv6 address"), low: try reader.u64("agent IPv6 address"))
        default:
            throw SFlowDecodeError(.malformed, "agent address type \(addressType) at offset 4 (1 IPv4, 2 IPv6)")
        }
        var datagram = SFlowDatagram(
            agentAddress: agent, subAgentID: try reader.u32("sub-agent id"), sequenceNumber: try reader.u32("sequence number"),
            uptimeMilliseconds: try reader.u32("uptime"))
        let count = try reader.u32("sample count")
        // A sample is at least its format and length: a count the bytes cannot hold is a lie.
        guard Int(count) <= reader.remaining / 8 else {
            throw SFlowDecodeError(.truncated, "\(count) samples announced, \(reader.remaining) bytes left")
        }
        for _ in 0..<count {
            let format = try reader.u32("sample format")
            let length = try reader.u32("sample length")
            var sample = try reader.structure(length: Int(length), "sample")
            guard format >> 12 == 0 else {
                datagram.otherSamples += 1
                continue
            }
            switch format & 0xFFF {
            case 1: datagram.flowSamples.append(try flowSample(&sample, expanded: false))
            case 3: datagram.flowSamples.append(try flowSample(&sample, expanded: true))
            case 2: datagram.counterSamples.append(try counterSample(&sample, expanded: false))
            case 4: datagram.counterSamples.append(try counterSample(&sample, expanded: true))
            default: datagram.otherSamples += 1
            }
        }
        return datagram
    }

    private func flowSample(_ reader: inout SFlowReader, expanded: Bool) throws(SFlowDecodeError) -> SFlowFlowSample {
        let sequence = try reader.u32("flow sample sequence number")
        let (sourceType, sourceIndex) = try sourceID(&reader, expanded: expanded, ("flow sample source id", "flow sample source id type", "flow sample source id index"))
        let rate = try reader.u32("sampling rate")
        let pool = try reader.u32("sample pool")
        let drops = try reader.u32("drops")
        let input: UInt32
        let output: UInt32
        if expanded {
            _ = try reader.u32("input interface format")
            input = try reader.u32("input interface")
            _ = try reader.u32("output interface format")
            output = try reader.u32("output interface")
        } else {
            input = try reader.u32("input interface")
            output = try reader.u32("output interface")
        }
        var sample = SFlowFlowSample(
            expanded: expanded, sequenceNumber: sequence, sourceIDType: sourceType, sourceIDIndex: sourceIndex, samplingRate: rate,
            samplePool: pool, drops: drops, inputInterface: input, outputInterface: output)
        let count = try reader.u32("flow record count")
        guard Int(count) <= reader.remaining / 8 else {
            throw SFlowDecodeError(.truncated, "\(count) flow records announced, \(reader.remaining) bytes left")
        }
        for _ in 0..<count {
            let format = try reader.u32("flow record format")
            let length = try reader.u32("flow record length")
            var record = try reader.structure(length: Int(length), "flow record")
            switch format {
            case 1:
                let headerProtocol = try record.u32("header protocol")
                let frameLength = try record.u32("frame length")
                let stripped = try record.u32("stripped")
                let headerLength = try record.u32("header length")
                let range = try record.opaque(length: Int(headerLength), "sampled header")
                var frame = DecodedFrame()
                if headerProtocol == 1 {
                    let wire = max(Int(frameLength) - Int(stripped), range.count)
                    frame = frameDecoder.decode(UnsafeRawBufferPointer(rebasing: reader.bytes[range]), wireLength: wire)
                }
                sample.header = SFlowSampledHeader(
                    headerProtocol: headerProtocol, frameLength: frameLength, stripped: stripped, headerLength: headerLength,
                    frame: frame)
            case 2:
                let frameLength = try record.u32("ethernet frame length")
                let source = try record.opaque(length: 6, "ethernet source MAC")
                let destination = try record.opaque(length: 6, "ethernet destination MAC")
                let type = try record.u32("ethernet type")
                sample.ethernet = (frameLength, mac(record.bytes, source.lowerBound), mac(record.bytes, destination.lowerBound), type)
            case 1001:
                let sourceVLAN = try record.u32("source VLAN")
                _ = try record.u32("source priority")
                let destinationVLAN = try record.u32("destination VLAN")
                _ = try record.u32("destination priority")
                sample.switchVLANs = (sourceVLAN, destinationVLAN)
            default:
                sample.otherRecords += 1
            }
        }
        return sample
    }

    /// A sample's source (type and index): one word with the type in its top byte, or two words
    /// in an expanded sample. The field names (static, for the reader's errors) are the caller's.
    private func sourceID(_ reader: inout SFlowReader, expanded: Bool,
                          _ names: (word: StaticString, type: StaticString, index: StaticString)) throws(SFlowDecodeError) -> (UInt32, UInt32) {
        if expanded {
            return (try reader.u32(names.type), try reader.u32(names.index))
        }
        let source = try reader.u32(names.word)
        return (source >> 24, source & 0xFF_FFFF)
    }

    private func counterSample(_ reader: inout SFlowReader, expanded: Bool) throws(SFlowDecodeError) -> SFlowCounterSample {
        let sequence = try reader.u32("counter sample sequence number")
        let (sourceType, sourceIndex) = try sourceID(&reader, expanded: expanded, ("counter sample source id", "counter sample source id type", "counter sample source id index"))
        var sample = SFlowCounterSample(expanded: expanded, sequenceNumber: sequence, sourceIDType: sourceType, sourceIDIndex: sourceIndex)
        let count = try reader.u32("counter record count")
        guard Int(count) <= reader.remaining / 8 else {
            throw SFlowDecodeError(.truncated, "\(count) counter records announced, \(reader.remaining) bytes left")
        }
        for _ in 0..<count {
            let format = try reader.u32("counter record format")
            let length = try reader.u32("counter record length")
            var record = try reader.structure(length: Int(length), "counter record")
            switch format {
            case 1:
                try record.need(SFlowInterfaceCounters.length, "generic interface counters")
                sample.interface = SFlowInterfaceCounters(
                    index: try record.u32("ifIndex"), type: try record.u32("ifType"), speed: try record.u64("ifSpeed"),
                    direction: try record.u32("ifDirection"), status: try record.u32("ifStatus"),
                    inOctets: try record.u64("ifInOctets"), inUnicastPackets: try record.u32("ifInUcastPkts"),
                    inMulticastPackets: try record.u32("ifInMulticastPkts"), inBroadcastPackets: try record.u32("ifInBroadcastPkts"),
                    inDiscards: try record.u32("ifInDiscards"), inErrors: try record.u32("ifInErrors"),
                    inUnknownProtocols: try record.u32("ifInUnknownProtos"), outOctets: try record.u64("ifOutOctets"),
                    outUnicastPackets: try record.u32("ifOutUcastPkts"), outMulticastPackets: try record.u32("ifOutMulticastPkts"),
                    outBroadcastPackets: try record.u32("ifOutBroadcastPkts"), outDiscards: try record.u32("ifOutDiscards"),
                    outErrors: try record.u32("ifOutErrors"), promiscuousMode: try record.u32("ifPromiscuousMode"))
            case 2:
                try record.need(SFlowEthernetCounters.length, "ethernet interface counters")
                sample.ethernet = SFlowEthernetCounters(
                    alignmentErrors: try record.u32("dot3StatsAlignmentErrors"), fcsErrors: try record.u32("dot3StatsFCSErrors"),
                    singleCollisionFrames: try record.u32("dot3StatsSingleCollisionFrames"),
                    multipleCollisionFrames: try record.u32("dot3StatsMultipleCollisionFrames"),
                    sqeTestErrors: try record.u32("dot3StatsSQETestErrors"),
                    deferredTransmissions: try record.u32("dot3StatsDeferredTransmissions"),
                    lateCollisions: try record.u32("dot3StatsLateCollisions"),
                    excessiveCollisions: try record.u32("dot3StatsExcessiveCollisions"),
                    internalMacTransmitErrors: try record.u32("dot3StatsInternalMacTransmitErrors"),
                    carrierSenseErrors: try record.u32("dot3StatsCarrierSenseErrors"),
                    frameTooLongs: try record.u32("dot3StatsFrameTooLongs"),
                    internalMacReceiveErrors: try record.u32("dot3StatsInternalMacReceiveErrors"),
                    symbolErrors: try record.u32("dot3StatsSymbolErrors"))
            default:
                sample.otherRecords += 1
            }
        }
        return sample
    }

    @inline(__always)
    private func mac(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<6 { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }
}
