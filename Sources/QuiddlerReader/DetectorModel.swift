import QuiddlerImage
import QuiddlerGame
import QuiddlerNN

/// The two networks of the card reader and the sizes they work at.
public enum DetectorModel {
    /// Stage A: a class-agnostic CenterNet-style index detector on a downscaled frame; its output
    /// channels are `DetectorHead`'s.
    public static let detectorSpec = """
        input 3
        conv 16 k3 s2 p1 nobias
        bn
        relu
        conv 32 k3 s2 p1 nobias
        bn
        relu
        conv 32 k3 s1 p1 nobias
        bn
        relu
        conv 64 k3 s2 p1 nobias
        bn
        relu
        conv 64 k3 s1 p1 nobias
        bn
        relu
        conv 96 k3 s2 p1 nobias
        bn
        relu
        conv 96 k3 s1 p1 nobias
        bn
        relu
        up 2
        concat 14
        conv 48 k3 s1 p1 nobias
        bn
        relu
        up 2
        concat 8
        conv 32 k3 s1 p1 nobias
        bn
        relu
        conv \(DetectorHead.channels) k1 s1 p0
        """

    /// Stage B: reads an upright grey crop of one index: 31 kinds plus a reject class.
    public static let classifierSpec = """
        input 1
        conv 48 k3 s1 p1 nobias
        bn
        relu
        conv 48 k3 s2 p1 nobias
        bn
        relu
        conv 96 k3 s1 p1 nobias
        bn
        relu
        conv 96 k3 s2 p1 nobias
        bn
        relu
        conv 192 k3 s1 p1 nobias
        bn
        relu
        gap
        dropout 0.2
        dense 32
        """

    /// The detector's frame size for a 4:3 frame (width, height); other aspects keep this area.
    public static let detectorWidth = 320
    public static let detectorHeight = 240
    /// The classifier's crop side in pixels, and the crop's side in index sizes.
    public static let cropSide = 32
    public static let cropSpan: Float = 2.4
    /// Class index of "not a card index".
    public static let rejectClass = Card.kindCount
    public static let classCount = Card.kindCount + 1

    /// Starts the heatmap at a low prior (1%), as CenterNet does, so the first steps are not
    /// swamped by the loss of every background cell.
    public static func initializeDetectorHead(_ network: Network) {
        guard let bias = network.parameters.last, bias.name.hasSuffix(".bias") else { return }
        bias.value[0] = -4.6
    }

    /// The parsed descriptions.
    /// - Throws: `NNError.badSpec` only if the text above is edited into something unreadable.
    public static func detector() throws(NNError) -> NetworkSpec { try NetworkSpec(text: detectorSpec) }
    public static func classifier() throws(NNError) -> NetworkSpec { try NetworkSpec(text: classifierSpec) }
}
