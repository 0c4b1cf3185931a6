import type { HostToWebviewMessage, PreviewSection, PreviewState } from '../../src/protocol/previewProtocol';
import { h, replaceChildren } from './dom';
import { formatCount } from './format';
import type { HostChannel } from './hostChannel';
import { tabbedPanels, type TabbedPanelsElement } from './toolkit';
import type { UiStateStore } from './uiState';
import { SECTIONS } from './uiState';
import { countBadge } from './render/badges';
import { ComponentsSection } from './render/componentsSection';
import { ConfigsSection } from './render/configsSection';
import { HeaderView } from './render/headerView';
import { loadingView } from './render/loadingView';
import { ProductionSection } from './render/productionSection';
import { RuntimeSection } from './render/runtimeSection';
import { WritableSection } from './render/writableSection';

const TAB_LABELS: Record<PreviewSection, string> = {
  writable: 'Writable paths',
  components: 'Components',
  runtime: 'Runtime',
  configs: 'Generated configs',
  production: 'Production image',
};

interface Views {
  header: HeaderView;
  writable: WritableSection;
  components: ComponentsSection;
  runtime: RuntimeSection;
  configs: ConfigsSection;
  production: ProductionSection;
  /** Count badges on the tabs; the runtime and production tabs have none. */
  counts: Record<Exclude<PreviewSection, 'runtime' | 'production'>, HTMLElement>;
}

/**
 * The preview page: a loading state until the host's first `state`, then the views, built once and
 * updated in place by later messages so focus, scroll and half-typed filters survive an update.
 */
export class PreviewApp {
  private views: Views | undefined;
  /** Busy flags and errors can arrive before the first state; they wait for the views. */
  private readonly earlyMessages: HostToWebviewMessage[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
    private readonly ui: UiStateStore,
  ) {}

  start(): void {
    replaceChildren(this.root, loadingView());
    this.host.onMessage((message) => this.handle(message));
    this.host.post({ type: 'ready' });
  }

  private handle(message: HostToWebviewMessage): void {
    if (message.type === 'state') {
      const views = this.views ?? this.createViews();
      this.show(views, message.state);
      for (const early of this.earlyMessages.splice(0)) this.handle(early);
      return;
    }
    if (!this.views) {
      this.earlyMessages.push(message);
      return;
    }
    if (message.type === 'busy') {
      this.views.header.actions.setBusy(message.action, message.busy);
      this.views.production.setBusy(message.action === 'production' && message.busy, this.views.header.actions.anyBusy);
    }
    else if (message.type === 'verifyResult') this.views.header.showVerifyResult(message.result);
    else this.views.header.showError(message.message);
  }

  private show(views: Views, state: PreviewState): void {
    views.header.update(state);
    views.writable.update(state.writablePaths);
    views.components.update(state.components);
    views.runtime.update(state);
    views.configs.update(state.generatedFiles);
    views.production.update(state.production);
    views.configs.hardenFiles.update(state.hardenDir, state.hardenFiles);
    views.counts.writable.textContent = formatCount(state.writablePaths.length);
    views.counts.components.textContent = formatCount(state.components.length);
    views.counts.configs.textContent = formatCount(state.generatedFiles.length);
  }

  private createViews(): Views {
    const uiState = () => this.ui.state;
    const updateUi = (change: Parameters<UiStateStore['update']>[0]) => this.ui.update(change);
    const post = this.host.post.bind(this.host);
    const views: Views = {
      header: new HeaderView(post),
      writable: new WritableSection(uiState, updateUi),
      components: new ComponentsSection(uiState, updateUi),
      runtime: new RuntimeSection(),
      configs: new ConfigsSection(uiState, updateUi, post),
      production: new ProductionSection(post),
      counts: { writable: countBadge(0), components: countBadge(0), configs: countBadge(0) },
    };
    const panels: TabbedPanelsElement = tabbedPanels(
      SECTIONS.map((section) => ({
        id: `tab-${section}`,
        label: [TAB_LABELS[section], section === 'runtime' || section === 'production' ? null : views.counts[section]],
        attributes: { 'data-tab': section },
        view: views[section].element,
      })),
      `tab-${this.ui.state.section}`,
      (tabId) => this.ui.update({ section: tabId.replace(/^tab-/, '') as PreviewSection }),
    );
    panels.classList.add('sections');
    replaceChildren(this.root, h('div', { class: 'preview' }, views.header.element, panels));
    this.views = views;
    return views;
  }
}
