package dev.alertkit.benchmarks;

import dev.alertkit.india.DltRegistry;
import dev.alertkit.india.DltTemplate;
import dev.alertkit.india.TemplateCategory;
import java.util.List;

/** Builds alertkit's {@link DltRegistry} from generated templates. */
final class DltRegistries {
  private DltRegistries() {}

  static DltRegistry of(List<DltTemplates.Template> templates) {
    DltRegistry.Builder b = DltRegistry.builder(DltTemplates.ENTITY).whitelistDynamicUrl(DltTemplates.DYNAMIC_URL);
    for (DltTemplates.Template t : templates) {
      b.template(DltTemplate.builder(t.id()).category(TemplateCategory.SERVICE_IMPLICIT).header(t.header()).text(t.text()).build());
    }
    return b.build();
  }
}
