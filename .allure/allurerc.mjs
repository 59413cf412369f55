// Allure Report 3 configuration for `tox -e report` (python -m steps report): one self-contained HTML file.
import { defineConfig } from "allure";

export default defineConfig({
  name: "golive UAT",
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: "en",
        groupBy: ["epic", "feature"],
      },
    },
  },
});
