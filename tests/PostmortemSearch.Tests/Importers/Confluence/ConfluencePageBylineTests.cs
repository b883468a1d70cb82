using PostmortemSearch.Importers.Confluence;

namespace PostmortemSearch.Tests.Importers.Confluence;

/// <summary>Who wrote an exported Confluence page: the creator, not whoever (or whichever bot) edited it last.</summary>
public sealed class ConfluencePageBylineTests
{
    [Theory]
    [InlineData("Created by Lena Fischer, last modified by Confluence Bot on Mar 05, 2025", null, null, "Lena Fischer")]
    [InlineData("Created by Lena Fischer, last modified by Aiko Tanaka on Mar 05, 2025", "Lena Fischer", "Aiko Tanaka", "Lena Fischer")]
    [InlineData("Created by Lena Fischer on Mar 05, 2025", null, null, "Lena Fischer")]
    [InlineData("Last modified by Aiko Tanaka on Mar 05, 2025", null, null, "Aiko Tanaka")]   // nobody else named: the editor is all there is
    public void The_creator_is_the_author_and_the_last_editor_only_when_no_creator_is_named(string line, string? author, string? editor, string expected)
    {
        var byline = ConfluencePageByline.Parse(line, author, editor);

        Assert.Equal([expected], byline.Authors);
        Assert.Equal(new DateOnly(2025, 3, 5), byline.Modified?.Date ?? byline.Created?.Date);
    }
}
