using PostmortemSearch.Importers.Outline;

namespace PostmortemSearch.Tests.Importers.Extraction;

/// <summary>Lists typed by hand ("- ", "• ") in formats without list styles are read as lists, in every reader's outline.</summary>
public sealed class TypedBulletsTests
{
    [Fact]
    public void A_run_of_typed_bullet_paragraphs_becomes_one_list_without_the_bullets()
    {
        Block[] blocks = [new HeadingBlock(2, "Contributing factors"), new ParagraphBlock("- Contract tests are manual."), new ParagraphBlock("• The DLQ has no replay."), new ParagraphBlock("Afterwards we met.")];

        var joined = TypedBullets.Join(blocks);

        Assert.Equal(3, joined.Count);
        var list = Assert.IsType<ListBlock>(joined[1]);
        Assert.Equal(["Contract tests are manual.", "The DLQ has no replay."], list.Items.Select(i => i.Text));
        Assert.Equal("Afterwards we met.", Assert.IsType<ParagraphBlock>(joined[2]).Text);
    }

    [Fact]
    public void A_paragraph_whose_every_line_is_a_bullet_is_a_list()
    {
        var joined = TypedBullets.Join([new ParagraphBlock("- one thing\n* another thing")]);

        Assert.Equal(["one thing", "another thing"], Assert.IsType<ListBlock>(Assert.Single(joined)).Items.Select(i => i.Text));
    }

    [Theory]
    [InlineData("-5 °C in the data centre")]                // a negative number
    [InlineData("--dry-run was not passed")]               // a command-line flag
    [InlineData("- first line\nand a line that is prose")] // not every line is an item
    [InlineData("Rollback – done in five minutes")]        // a dash inside a sentence
    public void Text_that_only_starts_like_a_bullet_stays_a_paragraph(string text)
    {
        var joined = TypedBullets.Join([new ParagraphBlock(text)]);

        Assert.IsType<ParagraphBlock>(Assert.Single(joined));
    }
}
