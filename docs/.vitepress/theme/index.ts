import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import MnistDemo from './MnistDemo.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('MnistDemo', MnistDemo);
  },
} satisfies Theme;
