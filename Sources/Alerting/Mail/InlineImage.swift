/// An image shown inside a mail's HTML body: the HTML refers to it as `cid:<contentID>`; it
/// travels base64-encoded in a `multipart/related` part beside the HTML, with
/// `Content-Disposition: inline`.
public struct InlineImage: Sendable, Hashable {
    /// The Content-ID without angle brackets, unique worldwide (`chart1.3f2a…@host`).
    public var contentID: String
    /// The media type, `image/png`.
    public var mediaType: String
    /// The file name offered to a mail program that saves it, ASCII.
    public var filename: String
    /// The image's bytes.
    public var data: [UInt8]

    /// An image.
    public init(contentID: String, mediaType: String = "image/png", filename: String, data: [UInt8]) {
        self.contentID = contentID
        self.mediaType = mediaType
        self.filename = filename
        self.data = data
    }

    /// The address the HTML uses for it: `cid:…`.
    public var url: String { "cid:" + contentID }
}
