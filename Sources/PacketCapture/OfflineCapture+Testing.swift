import CPcap

extension OfflineCapture {
    /// Calls `body` with a copy of each frame's captured bytes (for tests and fuzz corpora;
    /// allocates per frame, so never on the analysis path).
    public func forEachRawFrameForTesting(_ body: ([UInt8]) -> Void) throws(CaptureError) {
        try forEachRawFrame(body)
    }
}
