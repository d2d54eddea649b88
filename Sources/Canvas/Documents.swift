import CCairo
import CCairoNumbers

/// Document information written into the PDF's Info dictionary.
package struct PDFMetadata: Hashable, Sendable {
    var title: String?
    var author: String?
    var subject: String?
    var keywords: String?
    var creator: String?
    /// ISO 8601 date-time ("2025-03-31T00:00:00Z"). Set it from the data, not the clock, so that
    /// identical input gives a byte-identical PDF.
    var creationDate: String?
    /// ISO 8601 date-time of last modification (defaults to the creation date).
    var modificationDate: String?

    package init(title: String? = nil, author: String? = nil, subject: String? = nil, keywords: String? = nil,
                creator: String? = nil, creationDate: String? = nil, modificationDate: String? = nil) {
        self.title = title; self.author = author; self.subject = subject; self.keywords = keywords
        self.creator = creator; self.creationDate = creationDate; self.modificationDate = modificationDate
    }
}

/// An entry of the PDF outline (bookmarks).
package struct OutlineItem: Hashable, Sendable {
    /// The cairo id of the entry; `root` is the top level.
    let id: Int32
    /// The top level of the outline.
    package static let root = OutlineItem(id: 0)
}

/// A multipage PDF of fixed-size pages (A4 by default), drawn in memory.
///
/// Usage: create it, call `page { ctx in … }` once per page, then `finish()`, which gives the
/// bytes, for a caller that edits the document before writing it once.
package final class PDFDocument {
    let surface: OpaquePointer
    /// The drawing context of the current page (the same object for every page).
    let context: GraphicsContext
    /// Page size in points.
    let pageSize: CanvasSize
    /// The bytes cairo writes.
    private let buffer: OutputBuffer
    /// Number of pages completed so far.
    package private(set) var pageCount = 0
    private var finished = false

    /// Where cairo's output stream writes, for a document in memory: a C buffer with a fixed
    /// address, grown by `ccairo_memory_buffer_write`.
    final class OutputBuffer {
        let memory: UnsafeMutablePointer<ccairo_memory_buffer>
        init() {
            memory = .allocate(capacity: 1)
            memory.initialize(to: ccairo_memory_buffer(data: nil, length: 0, capacity: 0))
        }
        /// The bytes written so far.
        var bytes: [UInt8] { memory.pointee.data.map { Array(UnsafeBufferPointer(start: $0, count: memory.pointee.length)) } ?? [] }
        deinit {
            free(memory.pointee.data)
            memory.deallocate()
        }
    }

    /// cairo compresses every stream it writes with zlib at its default level: about a sixth of
    /// the time a fiche takes to draw. Its `CAIRO_DEBUG_PDF` switch, read each time a PDF
    /// surface is created, makes it write them uncompressed instead, and the tool compresses
    /// them afterwards with libdeflate, several times faster (`PDFFinisher.finish` for a fiche,
    /// `PDFFinisher.compressStreams` for the chart sheet). The switch is process-wide, so it is
    /// set once, before the first surface: every PDF this process draws is written so. It is
    /// the process's only `setenv`, so glibc copies the environment into a new array and never
    /// frees the one other threads may be reading.
    private static let streamsLeftUncompressed: Void = {
        if getenv("CAIRO_DEBUG_PDF") == nil { setenv("CAIRO_DEBUG_PDF", "1", 0) }
    }()

    /// Makes the process-wide choice above now: the `fiche` executable calls it first thing,
    /// before any of its threads start (any `PDFDocument` makes it too, for other callers).
    package static func leaveStreamsUncompressed() { _ = streamsLeftUncompressed }

    /// How many numbers cairo has written through the project's formatter rather than glibc's
    /// printf since the process started (see `Sources/CCairoNumbers/cairo_numbers.c`): 0 would
    /// mean the dynamic linker did not route cairo's snprintf calls to it.
    static var numbersWrittenWithoutPrintf: Int { cairo_numbers_fast_calls() }

    /// Opens a new PDF kept in memory: `finish()` returns its bytes, streams uncompressed
    /// (see `streamsLeftUncompressed`).
    package convenience init(pageSize: CanvasSize = .a4, text: TextEngine, metadata: PDFMetadata = PDFMetadata()) throws {
        _ = Self.streamsLeftUncompressed
        let buffer = OutputBuffer()
        // The surface writes into `buffer`, which the document keeps alive.
        guard let s = cairo_pdf_surface_create_for_stream(ccairo_memory_buffer_write, buffer.memory,
                                                          pageSize.width, pageSize.height) else {
            throw CanvasError.io(path: "(memory)", reason: "cannot create PDF surface")
        }
        try self.init(surface: s, buffer: buffer, pageSize: pageSize, text: text, metadata: metadata)
    }

    private init(surface s: OpaquePointer, buffer: OutputBuffer, pageSize: CanvasSize, text: TextEngine, metadata: PDFMetadata) throws {
        self.pageSize = pageSize
        self.buffer = buffer
        surface = s
        do {
            try CanvasError.check(cairo_surface_status(s), "creating a PDF")
        } catch {
            cairo_surface_destroy(s)
            throw error
        }
        cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5)
        context = GraphicsContext(surface: s, text: text)
        setMetadata(metadata)
    }

    deinit {
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    /// Writes the document information (title, author, …, creation date).
    func setMetadata(_ m: PDFMetadata) {
        func set(_ key: cairo_pdf_metadata_t, _ value: String?) {
            if let value { cairo_pdf_surface_set_metadata(surface, key, value) }
        }
        set(CAIRO_PDF_METADATA_TITLE, m.title)
        set(CAIRO_PDF_METADATA_AUTHOR, m.author)
        set(CAIRO_PDF_METADATA_SUBJECT, m.subject)
        set(CAIRO_PDF_METADATA_KEYWORDS, m.keywords)
        set(CAIRO_PDF_METADATA_CREATOR, m.creator)
        set(CAIRO_PDF_METADATA_CREATE_DATE, m.creationDate)
        set(CAIRO_PDF_METADATA_MOD_DATE, m.modificationDate ?? m.creationDate)
    }

    /// Draws one page: `body` draws with the context, then the page is closed and checked.
    /// - Parameter label: the page label shown by viewers (e.g. "i", "3"), if any.
    package func page(label: String? = nil, _ body: (GraphicsContext) throws -> Void) throws {
        if let label { cairo_pdf_surface_set_page_label(surface, label) }
        try context.withState { try body(context) }
        cairo_show_page(context.cr)
        pageCount += 1
        try context.checkStatus("page \(pageCount)")
    }

    /// Adds a bookmark to page `page` (1-based) at `y` points from its top, under `parent`.
    @discardableResult
    package func addOutline(_ title: String, page: Int, y: Double = 0, parent: OutlineItem = .root,
                           open: Bool = true) -> OutlineItem {
        let flags = open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0)
        let id = cairo_pdf_surface_add_outline(surface, parent.id, title, "page=\(page) pos=[0 \(y)]", flags)
        return OutlineItem(id: id)
    }

    /// Completes the document and returns its bytes (the caller writes them where they go,
    /// with `AtomicFile` when someone may be reading the file).
    @discardableResult
    package func finish() throws -> [UInt8] {
        guard !finished else { return buffer.bytes }
        finished = true
        cairo_surface_finish(surface)
        try CanvasError.check(cairo_surface_status(surface), "writing a PDF")
        return buffer.bytes
    }
}

/// An in-memory RGBA image to draw on, e.g. to rasterise a chart or test text drawing.
final class RasterImage {
    let surface: OpaquePointer
    /// The drawing context.
    let context: GraphicsContext
    /// Size in pixels (one pixel per point unless the context is scaled).
    let width: Int, height: Int

    /// A transparent image of `width` × `height` pixels.
    init(width: Int, height: Int, text: TextEngine) throws {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        try CanvasError.check(cairo_surface_status(surface), "creating image")
        self.width = width
        self.height = height
        context = GraphicsContext(surface: surface, text: text)
    }

    deinit { cairo_surface_destroy(surface) }

    /// The alpha of pixel (x, y), 0...255 — for tests that check something was drawn.
    func alpha(x: Int, y: Int) -> UInt8 {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let pixel = UnsafeRawPointer(data + y * stride + x * 4).loadUnaligned(as: UInt32.self)
        return UInt8(pixel >> 24)
    }
}

#if canImport(Glibc)
import Glibc
#endif
